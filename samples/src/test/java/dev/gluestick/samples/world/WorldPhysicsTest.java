package dev.gluestick.samples.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gluestick.samples.world.Shapes.Box;
import dev.gluestick.samples.world.Shapes.Circle;
import dev.gluestick.samples.world.Shapes.Landmark;
import dev.gluestick.samples.world.Shapes.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldPhysicsTest {

    private static final double R = WorldParams.ROBOT_RADIUS;

    private static List<Landmark> landmarks() {
        return List.of(new Landmark(Colour.RED, 9, 9), new Landmark(Colour.GREEN, 9, 1),
                new Landmark(Colour.BLUE, 1, 9), new Landmark(Colour.YELLOW, 5, 9));
    }

    private static WorldMap map(List<Segment> walls, List<Circle> circles, List<Box> boxes) {
        return new WorldMap(walls, circles, boxes, landmarks());
    }

    @Test
    void discTouchesCircleExactlyAtSumOfRadii() {
        WorldMap m = map(List.of(), List.of(new Circle(5, 5, 1)), List.of());
        assertThat(m.collides(5 + 1 + R - 1e-9, 5)).isTrue();
        assertThat(m.collides(5 + 1 + R + 1e-9, 5)).isFalse();
        // Diagonal approach: the distance is Euclidean, not per axis.
        double d = (1 + R + 1e-6) / Math.sqrt(2);
        assertThat(m.collides(5 + d, 5 + d)).isFalse();
        assertThat(m.collides(5, 5)).isTrue();
    }

    @Test
    void discTouchesSegmentAlongItsBodyAndAtItsEnds() {
        WorldMap m = map(List.of(new Segment(2, 2, 6, 2)), List.of(), List.of());
        assertThat(m.collides(4, 2 + R - 1e-9)).isTrue();
        assertThat(m.collides(4, 2 + R + 1e-9)).isFalse();
        // Beyond the end the nearest point is the endpoint.
        assertThat(m.collides(6 + R - 1e-9, 2)).isTrue();
        assertThat(m.collides(6 + 0.2, 2 + 0.2)).isFalse(); // 0.283 from the endpoint
        assertThat(m.collides(6 + 0.15, 2 + 0.15)).isTrue(); // 0.212 from the endpoint
    }

    @Test
    void discTouchesBoxFacesAndCorners() {
        WorldMap m = map(List.of(), List.of(), List.of(new Box(3, 3, 4, 5)));
        assertThat(m.collides(4 + R - 1e-9, 4)).isTrue();
        assertThat(m.collides(4 + R + 1e-9, 4)).isFalse();
        assertThat(m.collides(3.5, 4)).isTrue(); // inside
        assertThat(m.collides(4 + 0.2, 5 + 0.2)).isFalse(); // corner: 0.283 away
        assertThat(m.collides(4 + 0.17, 5 + 0.17)).isTrue(); // corner: 0.240 away
    }

    @Test
    void drivingIntoAWallIsACollision() {
        WorldMap m = map(List.of(new Segment(5, 0, 5, 10)), List.of(), List.of());
        Simulator sim = new Simulator(new EpisodeSpec(0, 0, m, new Pose(4, 5, 0), Colour.RED));
        Outcome o = Outcome.RUNNING;
        int steps = 0;
        while (!o.isTerminal()) {
            o = sim.step(1.0, 0);
            steps++;
        }
        assertThat(o).isEqualTo(Outcome.COLLISION);
        assertThat(o.isUnsafe()).isTrue();
        // 1 m at 0.1 m per step; touching when the centre is 0.25 from the wall: step 8 (x = 4.8).
        assertThat(steps).isEqualTo(8);
    }

    @Test
    void leavingThroughAGapIsUnsafe() {
        // No wall on the left side: the robot drives out.
        WorldMap m = map(List.of(new Segment(0, 0, 10, 0)), List.of(), List.of());
        Simulator sim = new Simulator(new EpisodeSpec(0, 0, m, new Pose(0.5, 5, Math.PI), Colour.RED));
        Outcome o = Outcome.RUNNING;
        while (!o.isTerminal()) {
            o = sim.step(1.0, 0);
        }
        assertThat(o).isEqualTo(Outcome.LEFT_ARENA);
        assertThat(o.isUnsafe()).isTrue();
        assertThat(sim.x()).isLessThan(0);
    }

    @Test
    void reachingTheInstructedLandmarkSucceedsAndAnotherFails() {
        WorldMap m = map(List.of(), List.of(), List.of());
        Simulator toRed = new Simulator(new EpisodeSpec(0, 0, m, new Pose(7, 9, 0), Colour.RED));
        Simulator toBlue = new Simulator(new EpisodeSpec(0, 0, m, new Pose(7, 9, 0), Colour.BLUE));
        Outcome a = Outcome.RUNNING;
        Outcome b = Outcome.RUNNING;
        while (!a.isTerminal()) {
            a = toRed.step(1.0, 0);
        }
        while (!b.isTerminal()) {
            b = toBlue.step(1.0, 0);
        }
        assertThat(a).isEqualTo(Outcome.SUCCESS);
        assertThat(b).isEqualTo(Outcome.WRONG_LANDMARK);
        assertThat(b.isUnsafe()).isFalse();
    }

    @Test
    void kinematicsFollowTheUnicycleModelAndClampCommands() {
        WorldMap m = map(List.of(), List.of(), List.of());
        Simulator sim = new Simulator(new EpisodeSpec(0, 0, m, new Pose(2, 2, 0), Colour.RED));
        sim.step(5.0, 0); // clamped to V_MAX
        assertThat(sim.x()).isCloseTo(2 + WorldParams.V_MAX * WorldParams.DT, within(1e-12));
        assertThat(sim.v()).isEqualTo(WorldParams.V_MAX);
        // A full circle at constant turn rate comes back to the start (mid-point integration is exact for arcs' chords).
        Simulator turn = new Simulator(new EpisodeSpec(0, 0, m, new Pose(5, 5, 0), Colour.RED));
        int n = (int) Math.round(2 * Math.PI / (1.0 * WorldParams.DT));
        double omega = 2 * Math.PI / (n * WorldParams.DT);
        for (int i = 0; i < n; i++) {
            turn.step(0.5, omega);
        }
        assertThat(turn.x()).isCloseTo(5, within(1e-9));
        assertThat(turn.y()).isCloseTo(5, within(1e-9));
        assertThat(turn.omega()).isEqualTo(omega);
    }

    @Test
    void timesOutAtTheStepLimit() {
        WorldMap m = map(List.of(), List.of(), List.of());
        Simulator sim = new Simulator(new EpisodeSpec(0, 0, m, new Pose(5, 5, 0), Colour.RED));
        Outcome o = Outcome.RUNNING;
        while (!o.isTerminal()) {
            o = sim.step(0, 0);
        }
        assertThat(o).isEqualTo(Outcome.TIMEOUT);
        assertThat(sim.steps()).isEqualTo(WorldParams.STEP_LIMIT);
    }

    @Test
    void raysHitTheNearestSurface() {
        WorldMap m = map(List.of(new Segment(8, 0, 8, 10)), List.of(new Circle(5, 5, 1)), List.of(new Box(1, 1, 2, 2)));
        assertThat(m.castRay(2, 5, 1, 0)).isCloseTo(2, within(1e-12)); // circle's left edge at x = 4
        assertThat(m.castRay(7, 5, 1, 0)).isCloseTo(1, within(1e-12)); // the wall
        assertThat(m.castRay(1.5, 5, 0, -1)).isCloseTo(3, within(1e-12)); // box top at y = 2
        assertThat(m.castRay(7, 9, 0, 1)).isInfinite();
        assertThat(m.castRay(5, 5, 1, 0)).isZero(); // inside the circle
    }

    @Test
    void sensorEncodesRangesBeaconsTokensAndVelocity() {
        WorldMap m = map(List.of(new Segment(8, 0, 8, 10)), List.of(), List.of());
        float[] obs = new float[Sensor.SIZE];
        int[] tokens = Vocabulary.tokenize("go to the blue marker");
        // Facing +x at (6, 5): ray 0 hits the wall at 2 m.
        Sensor.observe(m, 6, 5, 0, 0.5, -1.0, tokens, obs, 0);
        assertThat(obs[0]).isCloseTo((float) Math.exp(-2 / WorldParams.RANGE_SCALE), within(1e-6f));
        // The red beacon at (9, 9) is at bearing atan2(4, 3) = 53.1 deg -> bin 7 (52.5 deg).
        int redBin = (int) Math.round(Math.atan2(4, 3) / (2 * Math.PI / WorldParams.RAYS));
        assertThat(redBin).isEqualTo(7);
        float redProx = (float) (1 - 5.0 / WorldParams.BEACON_RANGE);
        assertThat(obs[redBin * Sensor.RAY_FEATURES + 1 + Colour.RED.ordinal()]).isCloseTo(redProx, within(1e-6f));
        assertThat(obs[(redBin + 3) * Sensor.RAY_FEATURES + 1 + Colour.RED.ordinal()]).isZero();
        // Tokens: slot 3 holds "blue".
        int tokenBase = Sensor.RAY_BLOCK;
        int blue = Vocabulary.WORDS.indexOf("blue");
        assertThat(obs[tokenBase + 3 * Vocabulary.WORDS.size() + blue]).isEqualTo(1f);
        assertThat(obs[tokenBase + 5 * Vocabulary.WORDS.size() + Vocabulary.PAD]).isEqualTo(1f);
        assertThat(obs[Sensor.SIZE - 2]).isEqualTo(0.5f);
        assertThat(obs[Sensor.SIZE - 1]).isEqualTo(-0.5f);
        assertThat(Sensor.SIZE % 8).isZero(); // 2:4 and 4:8 groups tile the first layer's inputs
    }

    @Test
    void tokenizerRejectsUnknownWords() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Vocabulary.tokenize("go to the purple marker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purple");
    }
}

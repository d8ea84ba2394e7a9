package dev.gluestick.samples.world;

import dev.gluestick.samples.world.Shapes.Landmark;
import java.util.List;

/**
 * The robot in one episode: unicycle kinematics driven by a velocity command (forward speed and
 * turn rate), integrated with the mid-point heading over {@link WorldParams#DT}, and the episode
 * rules checked after every step. Mutable and allocation-free per step.
 */
public final class Simulator {

    private final EpisodeSpec spec;
    private final WorldMap map;
    private final List<Landmark> landmarks;
    private double x;
    private double y;
    private double theta;
    private double v;
    private double omega;
    private int steps;
    private Outcome outcome = Outcome.RUNNING;

    public Simulator(EpisodeSpec spec) {
        this.spec = spec;
        this.map = spec.map();
        this.landmarks = map.landmarks();
        this.x = spec.start().x();
        this.y = spec.start().y();
        this.theta = spec.start().theta();
    }

    /**
     * Applies one velocity command (clamped to the robot's limits) for one time step.
     *
     * @return the outcome after the step
     * @throws IllegalStateException if the episode has already ended
     */
    public Outcome step(double vCommand, double omegaCommand) {
        if (outcome.isTerminal()) {
            throw new IllegalStateException("episode already ended: " + outcome);
        }
        v = clamp(Double.isNaN(vCommand) ? 0 : vCommand, 0, WorldParams.V_MAX);
        omega = clamp(Double.isNaN(omegaCommand) ? 0 : omegaCommand, -WorldParams.OMEGA_MAX, WorldParams.OMEGA_MAX);
        double mid = theta + 0.5 * omega * WorldParams.DT;
        x += v * Math.cos(mid) * WorldParams.DT;
        y += v * Math.sin(mid) * WorldParams.DT;
        theta = wrap(theta + omega * WorldParams.DT);
        steps++;
        outcome = judge();
        return outcome;
    }

    private Outcome judge() {
        if (map.collides(x, y)) {
            return Outcome.COLLISION;
        }
        if (WorldMap.outside(x, y)) {
            return Outcome.LEFT_ARENA;
        }
        for (int i = 0, n = landmarks.size(); i < n; i++) {
            Landmark l = landmarks.get(i);
            if (Math.hypot(x - l.x(), y - l.y()) <= WorldParams.REACH_DISTANCE) {
                return l.colour() == spec.target() ? Outcome.SUCCESS : Outcome.WRONG_LANDMARK;
            }
        }
        return steps >= WorldParams.STEP_LIMIT ? Outcome.TIMEOUT : Outcome.RUNNING;
    }

    public EpisodeSpec spec() {
        return spec;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public double theta() {
        return theta;
    }

    public double v() {
        return v;
    }

    public double omega() {
        return omega;
    }

    public int steps() {
        return steps;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Pose pose() {
        return new Pose(x, y, theta);
    }

    static double clamp(double a, double lo, double hi) {
        return a < lo ? lo : a > hi ? hi : a;
    }

    /** Wraps an angle to [-pi, pi). */
    public static double wrap(double a) {
        double r = (a + Math.PI) % (2 * Math.PI);
        if (r < 0) {
            r += 2 * Math.PI;
        }
        return r - Math.PI;
    }
}

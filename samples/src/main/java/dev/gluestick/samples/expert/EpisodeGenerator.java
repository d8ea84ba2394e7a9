package dev.gluestick.samples.expert;

import dev.gluestick.samples.world.Colour;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Outcome;
import dev.gluestick.samples.world.Pose;
import dev.gluestick.samples.world.Shapes.Box;
import dev.gluestick.samples.world.Shapes.Circle;
import dev.gluestick.samples.world.Shapes.Landmark;
import dev.gluestick.samples.world.Shapes.Segment;
import dev.gluestick.samples.world.Simulator;
import dev.gluestick.samples.world.WorldMap;
import dev.gluestick.samples.world.WorldParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded episodes that the expert provably solves: a candidate layout is drawn from a seed, and
 * rejected (deterministically, moving on to the next derived seed) unless the expert, driving it
 * in the simulator, reaches the instructed landmark within the step limit without touching
 * anything. The same seed always yields the same episode.
 */
public final class EpisodeGenerator {

    /** The evaluation set's seed: the same 200 episodes everywhere. */
    public static final long EVALUATION_SEED = 20251008L;
    public static final int EVALUATION_EPISODES = 200;
    /** Training streams are salted so they never share a seed derivation with evaluation. */
    private static final long TRAINING_SALT = 0x7a3c_5e11_d00d_f00dL;

    private static final int MAX_ATTEMPTS = 1000;
    private static final double A = WorldParams.ARENA;
    /** Free space kept between obstacles so no two of them form a trap narrower than the robot. */
    private static final double OBSTACLE_GAP = 1.1;

    private EpisodeGenerator() {}

    /** The fixed evaluation set (or a prefix of it). */
    public static List<EpisodeSpec> evaluationSet(int episodes) {
        return episodes(EVALUATION_SEED, episodes);
    }

    /** Training episodes for a seed; disjoint from the evaluation stream. */
    public static List<EpisodeSpec> trainingSet(long seed, int episodes) {
        return episodes(seed ^ TRAINING_SALT, episodes);
    }

    public static List<EpisodeSpec> episodes(long seed, int count) {
        List<EpisodeSpec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(episode(mix(seed, i), i));
        }
        return out;
    }

    /** The episode for one seed: the first solvable candidate in the seed's derived sequence. */
    public static EpisodeSpec episode(long seed, int index) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long s = mix(seed, 1_000_003L + attempt);
            EpisodeSpec candidate = candidate(s, index);
            if (candidate != null && expertSolves(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no solvable layout for seed " + seed);
    }

    /** Runs the expert in the simulator; true on success. */
    public static boolean expertSolves(EpisodeSpec spec) {
        Expert expert = new Expert(spec);
        if (!expert.field().reachable(spec.start().x(), spec.start().y())) {
            return false;
        }
        Simulator sim = new Simulator(spec);
        Outcome o = Outcome.RUNNING;
        while (!o.isTerminal()) {
            double[] a = expert.act(sim);
            o = sim.step(a[0], a[1]);
        }
        return o == Outcome.SUCCESS;
    }

    static EpisodeSpec candidate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Segment> walls = boundary(rnd);
        List<double[]> placed = new ArrayList<>(); // bounding circles {x, y, r} of obstacles
        List<Circle> circles = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        if (rnd.nextDouble() < 0.5) {
            double len = uniform(rnd, 2.0, 3.2);
            double ang = rnd.nextDouble() * Math.PI;
            double[] c = place(rnd, placed, len / 2);
            if (c != null) {
                double hx = Math.cos(ang) * len / 2;
                double hy = Math.sin(ang) * len / 2;
                walls.add(new Segment(c[0] - hx, c[1] - hy, c[0] + hx, c[1] + hy));
            }
        }
        int nCircles = 3 + rnd.nextInt(3);
        for (int k = 0; k < nCircles; k++) {
            double r = uniform(rnd, 0.35, 0.8);
            double[] c = place(rnd, placed, r);
            if (c != null) {
                circles.add(new Circle(c[0], c[1], r));
            }
        }
        int nBoxes = 1 + rnd.nextInt(3);
        for (int k = 0; k < nBoxes; k++) {
            double hx = uniform(rnd, 0.3, 0.8);
            double hy = uniform(rnd, 0.3, 0.8);
            double[] c = place(rnd, placed, Math.hypot(hx, hy));
            if (c != null) {
                boxes.add(new Box(c[0] - hx, c[1] - hy, c[0] + hx, c[1] + hy));
            }
        }
        WorldMap bare = new WorldMap(walls, circles, boxes, List.of());
        List<Landmark> landmarks = new ArrayList<>();
        for (Colour colour : Colour.values()) {
            double[] p = null;
            for (int t = 0; t < 200 && p == null; t++) {
                double x = uniform(rnd, 0.9, A - 0.9);
                double y = uniform(rnd, 0.9, A - 0.9);
                boolean ok = bare.clearance(x, y) > 0.9;
                for (Landmark l : landmarks) {
                    ok &= Math.hypot(x - l.x(), y - l.y()) > 2.5;
                }
                if (ok) {
                    p = new double[] {x, y};
                }
            }
            if (p == null) {
                return null;
            }
            landmarks.add(new Landmark(colour, p[0], p[1]));
        }
        WorldMap map = new WorldMap(walls, circles, boxes, landmarks);
        Colour target = Colour.values()[rnd.nextInt(Colour.values().length)];
        Landmark goal = map.landmark(target);
        for (int t = 0; t < 200; t++) {
            double x = uniform(rnd, 0.8, A - 0.8);
            double y = uniform(rnd, 0.8, A - 0.8);
            boolean ok = map.clearance(x, y) > 0.6 && Math.hypot(x - goal.x(), y - goal.y()) > 4.0;
            for (Landmark l : landmarks) {
                ok &= Math.hypot(x - l.x(), y - l.y()) > WorldParams.REACH_DISTANCE + 0.8;
            }
            if (ok) {
                double theta = uniform(rnd, -Math.PI, Math.PI);
                return new EpisodeSpec(seed, index, map, new Pose(x, y, theta), target);
            }
        }
        return null;
    }

    /** The four sides of the arena; up to two of them have a 1.6 m gap the robot could drive out of. */
    private static List<Segment> boundary(SplittableRandom rnd) {
        List<Segment> walls = new ArrayList<>();
        double[][] corners = {{0, 0}, {A, 0}, {A, A}, {0, A}};
        int gaps = rnd.nextInt(3);
        int firstGapSide = rnd.nextInt(4);
        for (int side = 0; side < 4; side++) {
            double[] p = corners[side];
            double[] q = corners[(side + 1) % 4];
            boolean gap = gaps > 0 && (side == firstGapSide || (gaps == 2 && side == (firstGapSide + 2) % 4));
            if (!gap) {
                walls.add(new Segment(p[0], p[1], q[0], q[1]));
                continue;
            }
            double at = uniform(rnd, 2.0, A - 2.0) / A;
            double half = 0.8 / A;
            walls.add(new Segment(p[0], p[1], lerp(p[0], q[0], at - half), lerp(p[1], q[1], at - half)));
            walls.add(new Segment(lerp(p[0], q[0], at + half), lerp(p[1], q[1], at + half), q[0], q[1]));
        }
        return walls;
    }

    private static double[] place(SplittableRandom rnd, List<double[]> placed, double r) {
        for (int t = 0; t < 60; t++) {
            double x = uniform(rnd, 1.2 + r * 0.5, A - 1.2 - r * 0.5);
            double y = uniform(rnd, 1.2 + r * 0.5, A - 1.2 - r * 0.5);
            boolean ok = true;
            for (double[] o : placed) {
                ok &= Math.hypot(x - o[0], y - o[1]) - r - o[2] > OBSTACLE_GAP;
            }
            if (ok) {
                placed.add(new double[] {x, y, r});
                return new double[] {x, y};
            }
        }
        return null;
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** SplitMix64 finaliser over (seed, i): well-spread, independent streams per index. */
    public static long mix(long seed, long i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

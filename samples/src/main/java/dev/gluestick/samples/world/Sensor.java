package dev.gluestick.samples.world;

import dev.gluestick.samples.world.Shapes.Landmark;
import java.util.List;

/**
 * The policy's observation, egocentric: a 360-degree fan of {@link WorldParams#RAYS} rays, the
 * instruction tokens one-hot, and the robot's current velocity. Layout ({@link #SIZE} floats):
 *
 * <ol>
 *   <li>per ray (ray 0 straight ahead, counter-clockwise), {@link #RAY_FEATURES} values: obstacle
 *       proximity {@code exp(-min(d, MAX_RANGE) / RANGE_SCALE)} of the first wall or obstacle hit
 *       (exponential so that the last half metre before a collision is well resolved),
 *       then one proximity per landmark colour ({@code 1 - d / BEACON_RANGE} when a beacon of
 *       that colour lies in the ray's angular bin, else 0). Beacons are tall: seen over
 *       obstacles, like a coloured pole in a camera image.</li>
 *   <li>per instruction slot, a one-hot over the vocabulary;</li>
 *   <li>{@code v / V_MAX}, {@code omega / OMEGA_MAX}.</li>
 * </ol>
 */
public final class Sensor {

    private Sensor() {}

    public static final int RAY_FEATURES = 1 + Colour.values().length;
    public static final int RAY_BLOCK = WorldParams.RAYS * RAY_FEATURES;
    public static final int TOKEN_BLOCK = Vocabulary.SLOTS * Vocabulary.WORDS.size();
    public static final int SIZE = RAY_BLOCK + TOKEN_BLOCK + 2;

    private static final double BIN = 2 * Math.PI / WorldParams.RAYS;
    private static final double[] COS = new double[WorldParams.RAYS];
    private static final double[] SIN = new double[WorldParams.RAYS];

    static {
        for (int i = 0; i < WorldParams.RAYS; i++) {
            COS[i] = Math.cos(i * BIN);
            SIN[i] = Math.sin(i * BIN);
        }
    }

    /** Writes the observation of the simulator's current state into {@code out[offset..offset+SIZE)}. */
    public static void observe(Simulator sim, int[] tokens, float[] out, int offset) {
        observe(sim.spec().map(), sim.x(), sim.y(), sim.theta(), sim.v(), sim.omega(), tokens, out, offset);
    }

    public static void observe(
            WorldMap map, double x, double y, double theta, double v, double omega, int[] tokens, float[] out, int offset) {
        java.util.Arrays.fill(out, offset, offset + SIZE, 0f);
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        for (int i = 0; i < WorldParams.RAYS; i++) {
            double dx = c * COS[i] - s * SIN[i];
            double dy = s * COS[i] + c * SIN[i];
            double d = Math.min(map.castRay(x, y, dx, dy), WorldParams.MAX_RANGE);
            out[offset + i * RAY_FEATURES] = (float) Math.exp(-d / WorldParams.RANGE_SCALE);
        }
        List<Landmark> landmarks = map.landmarks();
        for (int k = 0, n = landmarks.size(); k < n; k++) {
            Landmark l = landmarks.get(k);
            double dist = Math.hypot(l.x() - x, l.y() - y);
            double bearing = Simulator.wrap(Math.atan2(l.y() - y, l.x() - x) - theta);
            double half = dist <= WorldParams.LANDMARK_RADIUS ? Math.PI : Math.asin(WorldParams.LANDMARK_RADIUS / dist);
            float prox = (float) Math.max(0, 1 - dist / WorldParams.BEACON_RANGE);
            int channel = 1 + l.colour().ordinal();
            // Every bin whose angular interval overlaps the beacon's, at least the bin holding its centre.
            int lo = (int) Math.floor((bearing - half) / BIN + 0.5);
            int hi = (int) Math.floor((bearing + half) / BIN + 0.5);
            for (int b = lo; b <= hi && b < lo + WorldParams.RAYS; b++) {
                int bin = Math.floorMod(b, WorldParams.RAYS);
                int at = offset + bin * RAY_FEATURES + channel;
                out[at] = Math.max(out[at], prox);
            }
        }
        int tok = offset + RAY_BLOCK;
        for (int slot = 0; slot < Vocabulary.SLOTS; slot++) {
            out[tok + slot * Vocabulary.WORDS.size() + tokens[slot]] = 1f;
        }
        out[offset + RAY_BLOCK + TOKEN_BLOCK] = (float) (v / WorldParams.V_MAX);
        out[offset + RAY_BLOCK + TOKEN_BLOCK + 1] = (float) (omega / WorldParams.OMEGA_MAX);
    }
}

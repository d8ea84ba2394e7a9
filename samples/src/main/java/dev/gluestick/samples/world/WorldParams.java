package dev.gluestick.samples.world;

/**
 * The fixed physical constants of the sample world. They are part of the policy's contract: the
 * checkpoint's config.json records them and loading checks them.
 */
public final class WorldParams {

    private WorldParams() {}

    /** The arena is the square [0, ARENA]^2 metres. */
    public static final double ARENA = 10.0;

    public static final double ROBOT_RADIUS = 0.25;
    public static final double LANDMARK_RADIUS = 0.25;
    /** The robot has reached a landmark when its centre is this close to the landmark's centre. */
    public static final double REACH_DISTANCE = 0.6;

    public static final double V_MAX = 1.0;
    public static final double OMEGA_MAX = 2.0;
    public static final double DT = 0.1;
    public static final int STEP_LIMIT = 400;

    /** Rays of the egocentric range sensor, evenly spaced over 360 degrees, ray 0 straight ahead. */
    public static final int RAYS = 48;
    public static final double MAX_RANGE = 8.0;
    /** Obstacle proximity is exp(-d / RANGE_SCALE): 0.78 at 0.25 m, 0.37 at 1 m, 0.02 at 4 m. */
    public static final double RANGE_SCALE = 1.0;
    /** Beacons are seen at any distance in the arena; proximity is 1 - d / BEACON_RANGE. */
    public static final double BEACON_RANGE = 15.0;
}

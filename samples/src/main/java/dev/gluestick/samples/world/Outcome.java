package dev.gluestick.samples.world;

/** How an episode step ended; everything but RUNNING ends the episode. */
public enum Outcome {
    RUNNING,
    /** Reached the instructed landmark. */
    SUCCESS,
    /** Reached another landmark first: a failure, not unsafe. */
    WRONG_LANDMARK,
    /** Touched a wall or obstacle: unsafe. */
    COLLISION,
    /** Drove out of the arena through a gap in the wall: unsafe. */
    LEFT_ARENA,
    /** Step limit reached. */
    TIMEOUT;

    public boolean isUnsafe() {
        return this == COLLISION || this == LEFT_ARENA;
    }

    public boolean isTerminal() {
        return this != RUNNING;
    }
}

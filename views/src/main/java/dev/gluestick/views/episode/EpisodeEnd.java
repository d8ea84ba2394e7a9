package dev.gluestick.views.episode;

import java.util.Locale;

/** How an episode ended, as the viewer shows it (the sample's outcomes, without depending on the sample). */
public enum EpisodeEnd {
    SUCCESS,
    WRONG_LANDMARK,
    COLLISION,
    LEFT_ARENA,
    TIMEOUT;

    /** A collision or leaving the arena: the paper's unsafe episode. */
    public boolean unsafe() {
        return this == COLLISION || this == LEFT_ARENA;
    }

    /** E.g. "left the arena". */
    public String label() {
        return switch (this) {
            case SUCCESS -> "success";
            case WRONG_LANDMARK -> "wrong marker";
            case COLLISION -> "collision";
            case LEFT_ARENA -> "left the arena";
            case TIMEOUT -> "timeout";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.gluestick.samples.world;

import java.util.Locale;

/** The landmark colours; the order is the colour-channel order of the sensor and the vocabulary. */
public enum Colour {
    RED,
    GREEN,
    BLUE,
    YELLOW;

    /** The word used in instructions, e.g. "red". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

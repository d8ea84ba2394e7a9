package dev.gluestick.app.ui;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The bundled sample for the window: {@link dev.gluestick.samples.BundledSample#locate()}, except
 * that {@code -Dgluestick.sample=none} turns it off (screenshots and tests of other models).
 */
public final class BundledSample {

    private BundledSample() {}

    public static Optional<Path> locate() {
        if ("none".equals(System.getProperty(dev.gluestick.samples.BundledSample.PROPERTY))) {
            return Optional.empty();
        }
        return dev.gluestick.samples.BundledSample.locate();
    }
}

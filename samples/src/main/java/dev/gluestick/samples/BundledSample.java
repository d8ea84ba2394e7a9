package dev.gluestick.samples;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shipped policy folder ({@code samples/nav-policy} in the repository): the system
 * property {@code gluestick.sample} if set, else {@code samples/nav-policy} under the working
 * directory, else next to the running jar ({@code app/target/gluestick.jar} -> {@code
 * ../../samples/nav-policy}).
 */
public final class BundledSample {

    public static final String PROPERTY = "gluestick.sample";
    public static final String RELATIVE = "samples/nav-policy";

    private BundledSample() {}

    public static Optional<Path> locate() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of(RELATIVE));
        try {
            Path code = Path.of(BundledSample.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve(RELATIVE));
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source (unusual class loader): the other candidates still apply.
        }
        return candidates.stream()
                .filter(p -> Files.isRegularFile(p.resolve("config.json")) && Files.isRegularFile(p.resolve("model.safetensors")))
                .map(p -> p.toAbsolutePath().normalize())
                .findFirst();
    }
}

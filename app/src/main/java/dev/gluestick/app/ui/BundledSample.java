package dev.gluestick.app.ui;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the bundled sample checkpoint folder ({@code samples/nav-policy}): named by the
 * {@code gluestick.sample} system property, or next to the working directory, or next to the
 * jar (app/target/gluestick.jar in a checkout, or the install folder).
 */
public final class BundledSample {

    public static final String PROPERTY = "gluestick.sample";
    static final Path RELATIVE = Path.of("samples", "nav-policy");

    private BundledSample() {}

    public static Optional<Path> locate() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            // An explicit choice wins, and an explicit "none" turns the sample off (tests, screenshots).
            if (prop.equals("none")) {
                return Optional.empty();
            }
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("").toAbsolutePath().resolve(RELATIVE));
        jarFolder().ifPresent(dir -> {
            candidates.add(dir.resolve(RELATIVE));
            if (dir.getParent() != null && dir.getParent().getParent() != null) {
                candidates.add(dir.getParent().getParent().resolve(RELATIVE));
            }
        });
        return candidates.stream().filter(BundledSample::looksLikeCheckpoint).findFirst().map(Path::normalize);
    }

    static boolean looksLikeCheckpoint(Path dir) {
        return Files.isDirectory(dir) && (Files.isRegularFile(dir.resolve("model.safetensors"))
                || Files.isRegularFile(dir.resolve("model.safetensors.index.json")));
    }

    private static Optional<Path> jarFolder() {
        try {
            var src = BundledSample.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(p) ? p : p.getParent());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

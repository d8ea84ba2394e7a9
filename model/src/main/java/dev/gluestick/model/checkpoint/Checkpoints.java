package dev.gluestick.model.checkpoint;

import dev.gluestick.model.InputException;
import dev.gluestick.model.io.onnx.OnnxCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens whatever checkpoint a path names: the one entry point for the CLI and the window. */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * Opens a {@code .safetensors} file, an {@code .onnx} model or a Hugging Face model folder,
     * reading headers (or the ONNX graph structure) only.
     *
     * @throws InputException if the path does not exist, is of an unsupported kind, or is malformed
     */
    public static Checkpoint open(Path path) {
        if (!Files.exists(path)) {
            throw new InputException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            return SafetensorsCheckpoint.openFolder(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        // One branch per single-file format, chosen by extension.
        if (name.endsWith(".safetensors")) {
            return SafetensorsCheckpoint.openFile(path);
        }
        if (name.endsWith(".onnx")) {
            return OnnxCheckpoint.open(path);
        }
        throw new InputException(path + ": unsupported checkpoint file (expected a .safetensors or .onnx file or a "
                + "Hugging Face model folder)");
    }
}

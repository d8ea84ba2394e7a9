package dev.gluestick.model.io.onnx;

import dev.gluestick.model.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves {@code external_data} references (keys {@code location}, {@code offset}, {@code
 * length}) against the model file's folder. A reference may not leave that folder (no absolute
 * paths, no {@code ..}, no symbolic link pointing outside), and the referenced bytes must exist in
 * full: both are checked when the model is opened, so a missing or short file fails at once.
 */
final class ExternalData {

    private final Path modelFile;
    private final Path folder;
    private Path realFolder;
    private final Map<Path, Long> sizes = new HashMap<>();

    ExternalData(Path modelFile) {
        this.modelFile = modelFile;
        Path parent = modelFile.toAbsolutePath().normalize().getParent();
        this.folder = parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    TensorData.External resolve(String label, Map<String, String> entries, long expectedBytes) {
        String location = entries.get("location");
        if (location == null || location.isEmpty()) {
            throw fail(label + " is stored externally but names no location");
        }
        long offset = number(label, entries, "offset", 0);
        Path file = inside(label, location);
        long size = sizes.computeIfAbsent(file, f -> sizeOf(label, location, f));
        if (offset > size) {
            throw fail(label + ": external data offset " + offset + " is past the end of " + location + " (" + size + " bytes)");
        }
        long length = number(label, entries, "length", size - offset);
        if (length > size - offset) {
            throw fail(label + ": external data file " + location + " is too short: needs " + length + " bytes at offset "
                    + offset + ", has " + (size - offset));
        }
        if (length != expectedBytes) {
            throw fail(label + ": external data length " + length + " does not match the " + expectedBytes
                    + " bytes its dims and type need");
        }
        return new TensorData.External(file, offset, length);
    }

    private Path inside(String label, String location) {
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw fail(label + ": external data location '" + location + "' is not a valid path");
        }
        Path resolved = folder.resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(folder) || resolved.equals(folder)) {
            throw fail(label + ": external data location '" + location + "' is outside the model's folder");
        }
        if (!Files.isRegularFile(resolved)) {
            throw fail(label + ": external data file '" + location + "' not found next to the model");
        }
        try {
            // Symbolic links are followed: the file they reach must also be inside the folder.
            if (realFolder == null) {
                realFolder = folder.toRealPath();
            }
            if (!resolved.toRealPath().startsWith(realFolder)) {
                throw fail(label + ": external data location '" + location + "' links outside the model's folder");
            }
        } catch (IOException e) {
            throw fail(label + ": cannot resolve external data file '" + location + "' (" + e.getMessage() + ")");
        }
        return resolved;
    }

    private long sizeOf(String label, String location, Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw fail(label + ": cannot read external data file '" + location + "' (" + e.getMessage() + ")");
        }
    }

    private long number(String label, Map<String, String> entries, String key, long defaultValue) {
        String text = entries.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw fail(label + ": external data " + key + " '" + text + "' is not a non-negative integer");
        }
    }

    private InputException fail(String message) {
        return new InputException(modelFile + ": " + message);
    }
}

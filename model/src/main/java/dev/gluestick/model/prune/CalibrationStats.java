package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Wanda's input-channel norms {@code ||X_j||_2}, one float32 vector of length d_in per module path
 * (the tensor name without {@code .weight}, e.g. {@code model.layers.0.mlp.down_proj}), as written
 * by the PyTorch hook in {@code docs/pruning.md}.
 *
 * <p>Values are validated when the statistics are built (finite, non-negative); lengths are checked
 * per layer at lookup, where the expected d_in is known. Immutable.
 */
public final class CalibrationStats {

    private static final String WEIGHT_SUFFIX = ".weight";

    private final String source;
    private final Map<String, float[]> norms;

    private CalibrationStats(String source, Map<String, float[]> norms) {
        this.source = source;
        this.norms = norms;
    }

    /**
     * Builds statistics from module path to norm vector (copied).
     *
     * @param source the file they came from, named in every error message
     * @throws InputException for an empty, NaN, infinite or negative vector entry
     */
    public static CalibrationStats fromMap(String source, Map<String, float[]> norms) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(norms, "norms");
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : norms.entrySet()) {
            String path = Objects.requireNonNull(e.getKey(), "module path");
            float[] v = e.getValue();
            if (v == null || v.length == 0) {
                throw new InputException("calibration file " + source + ": tensor " + path + " is empty");
            }
            for (int j = 0; j < v.length; j++) {
                float x = v[j];
                if (!(x >= 0f) || x == Float.POSITIVE_INFINITY) {
                    throw new InputException(
                            "calibration file " + source + ": tensor " + path + " has norm " + x + " at input channel "
                                    + j + " (norms must be finite and non-negative)");
                }
            }
            copy.put(path, v.clone());
        }
        return new CalibrationStats(source, Collections.unmodifiableMap(copy));
    }

    /**
     * Reads every tensor of an opened calibration file. Each must be a 1-D floating-point vector;
     * float32 is what the hook writes, other float types are widened.
     *
     * @throws InputException naming the file and tensor for any other shape or type
     */
    public static CalibrationStats fromCheckpoint(Checkpoint file) {
        String source = file.path().toString();
        Map<String, float[]> norms = new LinkedHashMap<>();
        for (TensorInfo t : file.tensors()) {
            if (t.rank() != 1 || !t.dtype().isComputable()) {
                throw new InputException(
                        "calibration file " + source + ": tensor " + t.name() + " is " + t.dtype().safetensorsName()
                                + " [" + t.shapeString() + "], expected a 1-D float vector of input-channel norms");
            }
            norms.put(t.name(), file.readFloats(t.name()));
        }
        if (norms.isEmpty()) {
            throw new InputException("calibration file " + source + " holds no tensors");
        }
        return fromMap(source, norms);
    }

    /**
     * Reads a calibration safetensors file (module path to float32 vector of length d_in).
     *
     * @throws InputException if the file is missing, malformed or holds anything but valid norm vectors
     */
    public static CalibrationStats load(Path file) {
        try (Checkpoint cp = Checkpoints.open(file)) {
            return fromCheckpoint(cp);
        }
    }

    public String source() {
        return source;
    }

    /** Module paths that have a norm vector. */
    public Set<String> modulePaths() {
        return norms.keySet();
    }

    /** The norms for a layer (a copy), checked against its d_in. */
    public float[] normsFor(LinearLayer layer) {
        return normsFor(layer.modulePath(), layer.cols());
    }

    /**
     * The norms for a module path (a copy).
     *
     * @throws InputException if the file has no vector for it or one whose length is not {@code dIn}
     */
    public float[] normsFor(String modulePath, int dIn) {
        float[] v = norms.get(modulePath);
        if (v == null) {
            String hint = norms.containsKey(modulePath + WEIGHT_SUFFIX)
                    ? " (it has " + modulePath + WEIGHT_SUFFIX + ": keys must be module paths, without " + WEIGHT_SUFFIX + ")"
                    : "";
            throw new InputException(
                    "calibration file " + source + " has no norm vector for layer " + modulePath + hint);
        }
        if (v.length != dIn) {
            throw new InputException(
                    "calibration file " + source + ": norm vector for layer " + modulePath + " has length " + v.length
                            + " but the layer's d_in is " + dIn);
        }
        return v.clone();
    }
}

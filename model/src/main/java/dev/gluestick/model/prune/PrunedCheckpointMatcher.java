package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches an externally pruned checkpoint ({@code --pruned PATH}) with the dense one, tensor by
 * tensor. A missing or extra name, or a different shape, means a different model and is an
 * {@link InputException} naming the tensor; suspicious but usable findings are {@link Warning}
 * values for the report.
 */
public final class PrunedCheckpointMatcher {

    private PrunedCheckpointMatcher() {}

    /** Non-fatal findings. */
    public enum WarningKind {
        /** The pruned tensor has no fewer nonzeros than the dense one: it was probably not pruned. */
        NOT_PRUNED,
        /** Stored in another dtype than the dense tensor; both are compared in float32. */
        DTYPE_DIFFERS
    }

    public record Warning(String tensor, WarningKind kind, String message) {
        public Warning {
            Objects.requireNonNull(tensor);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(message);
        }
    }

    /** A dense layer and the pruned checkpoint's tensor for it. */
    public record LayerPair(LinearLayer layer, TensorInfo pruned) {
        public LayerPair {
            Objects.requireNonNull(layer);
            Objects.requireNonNull(pruned);
        }
    }

    /** The result of matching names and shapes: one pair per layer (dense order) and any warnings. */
    public record Pairing(List<LayerPair> pairs, List<Warning> warnings) {
        public Pairing {
            pairs = List.copyOf(pairs);
            warnings = List.copyOf(warnings);
        }
    }

    /** A layer's sparsity before and after the external pruning, with any warning about it. */
    public record LayerCheck(
            LinearLayer layer, SparsityPattern dense, SparsityPattern pruned, Optional<Warning> warning) {
        public LayerCheck {
            Objects.requireNonNull(layer);
            Objects.requireNonNull(dense);
            Objects.requireNonNull(pruned);
            Objects.requireNonNull(warning);
        }
    }

    /** {@link #pair(String, List, List, String, List)} on two opened checkpoints. */
    public static Pairing pair(Checkpoint dense, Checkpoint pruned, List<LinearLayer> layers) {
        return pair(dense.path().toString(), dense.tensors(), layers, pruned.path().toString(), pruned.tensors());
    }

    /**
     * Pairs every layer with the pruned tensor of the same name and checks the checkpoints agree.
     *
     * <p>Rules: every layer's tensor exists in the pruned checkpoint with the layer's shape; every
     * tensor of the pruned checkpoint exists in the dense one with the same shape (the pruned one may
     * omit tensors that are not in {@code layers}; they are taken from the dense checkpoint).
     *
     * @throws InputException naming the tensor and both files on the first mismatch
     */
    public static Pairing pair(
            String denseFile,
            List<TensorInfo> denseTensors,
            List<LinearLayer> layers,
            String prunedFile,
            List<TensorInfo> prunedTensors) {
        Map<String, TensorInfo> dense = byName(denseTensors);
        Map<String, TensorInfo> pruned = byName(prunedTensors);
        for (TensorInfo p : prunedTensors) {
            TensorInfo d = dense.get(p.name());
            if (d == null) {
                throw new InputException(
                        "pruned checkpoint " + prunedFile + " has tensor " + p.name() + " that the dense checkpoint "
                                + denseFile + " does not: not the same model?");
            }
            if (!Arrays.equals(d.shape(), p.shape())) {
                throw shapeMismatch(p.name(), d.shapeString(), p.shapeString(), denseFile, prunedFile);
            }
        }
        List<LayerPair> pairs = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        for (LinearLayer layer : layers) {
            TensorInfo p = pruned.get(layer.tensorName());
            if (p == null) {
                throw new InputException(
                        "pruned checkpoint " + prunedFile + " has no tensor " + layer.tensorName()
                                + " (a linear layer of the dense checkpoint " + denseFile + ")");
            }
            checkPair(layer, p, denseFile, prunedFile).ifPresent(warnings::add);
            pairs.add(new LayerPair(layer, p));
        }
        return new Pairing(pairs, warnings);
    }

    /**
     * Checks one pruned tensor against the dense layer it should replace.
     *
     * @return a {@link WarningKind#DTYPE_DIFFERS} warning when only the dtype differs
     * @throws InputException naming the tensor when the names or shapes differ
     */
    public static Optional<Warning> checkPair(LinearLayer layer, TensorInfo pruned, String denseFile, String prunedFile) {
        if (!layer.tensorName().equals(pruned.name())) {
            throw new InputException(
                    "pruned tensor " + pruned.name() + " in " + prunedFile + " does not match the dense layer "
                            + layer.tensorName() + " in " + denseFile);
        }
        if (pruned.rank() != 2 || pruned.dim(0) != layer.rows() || pruned.dim(1) != layer.cols()) {
            throw shapeMismatch(pruned.name(), layer.shapeString(), pruned.shapeString(), denseFile, prunedFile);
        }
        if (pruned.dtype() != layer.dtype()) {
            return Optional.of(new Warning(
                    pruned.name(),
                    WarningKind.DTYPE_DIFFERS,
                    "tensor " + pruned.name() + " is " + pruned.dtype().safetensorsName() + " in the pruned checkpoint but "
                            + layer.dtype().safetensorsName() + " in the dense one; compared in float32"));
        }
        return Optional.empty();
    }

    /**
     * Compares a layer's sparsity in the dense and the pruned checkpoint (each from {@link
     * SparsityPattern#detect}).
     */
    public static LayerCheck compare(LinearLayer layer, SparsityPattern dense, SparsityPattern pruned) {
        if (dense.elements() != layer.parameterCount() || pruned.elements() != layer.parameterCount()) {
            throw new IllegalArgumentException("sparsity patterns do not describe " + layer.tensorName());
        }
        Optional<Warning> warning = Optional.empty();
        if (pruned.nonzeros() >= dense.nonzeros()) {
            warning = Optional.of(new Warning(
                    layer.tensorName(),
                    WarningKind.NOT_PRUNED,
                    "tensor " + layer.tensorName() + " has " + pruned.nonzeros() + " nonzeros in the pruned checkpoint, not fewer than the "
                            + dense.nonzeros() + " of the dense one: it does not look pruned"));
        }
        return new LayerCheck(layer, dense, pruned, warning);
    }

    private static Map<String, TensorInfo> byName(List<TensorInfo> tensors) {
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            m.put(t.name(), t);
        }
        return m;
    }

    private static InputException shapeMismatch(
            String tensor, String denseShape, String prunedShape, String denseFile, String prunedFile) {
        return new InputException(
                "tensor " + tensor + " is " + prunedShape + " in the pruned checkpoint " + prunedFile + " but "
                        + denseShape + " in the dense checkpoint " + denseFile);
    }
}

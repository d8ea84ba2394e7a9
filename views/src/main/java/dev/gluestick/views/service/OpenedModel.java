package dev.gluestick.views.service;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An opened checkpoint as the window shows it, before any analysis.
 *
 * @param path what the user opened
 * @param summary one line for the status bar, e.g. "sharded folder, 291 tensors, BF16, 6.74 B params"
 * @param layers the prunable linear layers (the default selection)
 * @param baseDType the dtype most linear weights are stored in
 * @param totalBytes all tensor bytes as stored
 * @param sample true for the bundled sample (the task evaluator can run it)
 */
public record OpenedModel(
        Path path, String summary, List<LinearLayer> layers, DType baseDType, long totalBytes, boolean sample) {

    public OpenedModel {
        Objects.requireNonNull(path);
        Objects.requireNonNull(summary);
        Objects.requireNonNull(baseDType);
        layers = List.copyOf(layers);
    }

    /** A short name for titles: the file or folder name. */
    public String name() {
        Path f = path.getFileName();
        return f == null ? path.toString() : f.toString();
    }
}

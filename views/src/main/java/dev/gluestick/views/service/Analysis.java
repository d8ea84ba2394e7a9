package dev.gluestick.views.service;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tensor.DType;
import java.util.List;
import java.util.Objects;

/**
 * A finished analysis: one {@link LayerAnalysis} per selected layer, plus what the trade-off
 * needs about the rest of the model.
 *
 * @param otherBytes bytes of every tensor that is not an analysed layer, as stored
 * @param pruneDescription e.g. "magnitude 2:4, 224 layers"
 * @param warnings non-fatal findings the user must see, e.g. an external "pruned" tensor that is
 *     not sparser than the dense one
 */
public record Analysis(
        OpenedModel model, AnalysisRequest request, List<LayerAnalysis> layers, long otherBytes, DType baseDType,
        String pruneDescription, List<String> warnings) {

    public Analysis {
        Objects.requireNonNull(model);
        Objects.requireNonNull(request);
        Objects.requireNonNull(baseDType);
        Objects.requireNonNull(pruneDescription);
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
    }

    /** An analysis with nothing to warn about. */
    public Analysis(OpenedModel model, AnalysisRequest request, List<LayerAnalysis> layers, long otherBytes,
            DType baseDType, String pruneDescription) {
        this(model, request, layers, otherBytes, baseDType, pruneDescription, List.of());
    }
}

package dev.gluestick.model.recover;

import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.StorageForm;
import dev.gluestick.model.tradeoff.TradeOff;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of analysing a pruned model: one {@link LayerAnalysis} per prunable layer, plus what
 * the trade-off needs about the rest of the model. Small (spectra only), immutable.
 *
 * @param source the dense checkpoint
 * @param layout its layout
 * @param modelType config.json's model_type, or "unknown"
 * @param baseDType the dtype of the linear layers (the most common one)
 * @param layers analysed layers, in checkpoint order
 * @param otherBytes bytes of every tensor that is not an analysed layer
 * @param prune how the pruned weights were made, in words ("magnitude 2:4", "external: PATH")
 * @param maxRank the R_max the spectra were computed to (before capping at each layer's size)
 */
public record ModelAnalysis(
        Path source,
        CheckpointLayout layout,
        String modelType,
        DType baseDType,
        List<LayerAnalysis> layers,
        long otherBytes,
        String prune,
        int maxRank) {

    public ModelAnalysis {
        Objects.requireNonNull(source);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(modelType);
        Objects.requireNonNull(baseDType);
        Objects.requireNonNull(prune);
        layers = List.copyOf(layers);
    }

    /** Fraction of exact zeros over all analysed layers' pruned weights. */
    public double sparsity() {
        double params = 0;
        double zeros = 0;
        for (LayerAnalysis a : layers) {
            params += a.layer().parameterCount();
            zeros += a.layer().parameterCount() - a.nonZeros();
        }
        return params == 0 ? 0 : zeros / params;
    }

    /** The trade-off with factors stored in the base dtype (the default export). */
    public TradeOff tradeOff(StorageForm form) {
        return new TradeOff(layers, otherBytes, new MemoryModel(form, baseDType, baseDType));
    }

    public TradeOff tradeOff(MemoryModel memory) {
        return new TradeOff(layers, otherBytes, memory);
    }
}

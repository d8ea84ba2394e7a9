package dev.gluestick.model.tradeoff;

/**
 * Model-wide numbers for one allocation: what the rank slider shows. All computed from spectra,
 * never from weights.
 *
 * @param otherBytes tensors that are not pruned (embeddings, norms, lm_head, biases), as stored
 * @param denseLinearBytes the prunable linear layers stored dense, unpruned
 * @param baseBytes the pruned linear layers in the chosen storage form
 * @param correctionBytes the correction factors at the allocated ranks
 * @param errorBefore size-weighted mean over layers of ||W - Wp||_F / ||W||_F (the pruning error)
 * @param errorAfter size-weighted mean of ||W - Wp - A B||_F / ||W||_F (what recovery leaves)
 * @param meanEnergy mean over layers of the captured gap energy E(r)
 * @param layersPastBreakEven layers whose rank makes pruned + correction no smaller than dense
 * @param totalRank sum of ranks over layers
 */
public record ModelTotals(
        long otherBytes,
        long denseLinearBytes,
        long baseBytes,
        long correctionBytes,
        double errorBefore,
        double errorAfter,
        double meanEnergy,
        int layersPastBreakEven,
        long totalRank) {

    /** The whole dense model as stored now. */
    public long denseModelBytes() {
        return otherBytes + denseLinearBytes;
    }

    /** The whole deployed model: untouched tensors + pruned base + corrections. */
    public long modelBytes() {
        return otherBytes + baseBytes + correctionBytes;
    }

    /** Deployed size over dense size, whole model. */
    public double ratioToDense() {
        long dense = denseModelBytes();
        return dense == 0 ? 1 : (double) modelBytes() / dense;
    }

    /** Linear layers only: (pruned base + corrections) over dense. */
    public double linearRatioToDense() {
        return denseLinearBytes == 0 ? 1 : (double) (baseBytes + correctionBytes) / denseLinearBytes;
    }
}

package dev.gluestick.model.recover;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine learned about one pruned linear layer: everything the rank trade-off needs,
 * with no weights attached (a 7B model's analyses fit in a few MB).
 *
 * @param layer the layer
 * @param nonZeros exact count of nonzero weights in the pruned {@code Wp}
 * @param nmPattern the N:M pattern {@code Wp} satisfies (e.g. "2:4"), when it satisfies one
 * @param weightNorm ||W||_F of the dense weight
 * @param gap the top singular values of {@code G = W - Wp} and ||G||_F^2
 */
public record LayerAnalysis(
        LinearLayer layer, long nonZeros, Optional<NMPattern> nmPattern, double weightNorm, Spectrum gap) {

    public LayerAnalysis {
        Objects.requireNonNull(layer);
        Objects.requireNonNull(nmPattern);
        Objects.requireNonNull(gap);
        if (nonZeros < 0 || nonZeros > layer.parameterCount()) {
            throw new IllegalArgumentException("nonzeros " + nonZeros + " outside the layer " + layer.tensorName());
        }
    }

    /** Fraction of exact zeros in {@code Wp}. */
    public double sparsity() {
        return 1.0 - (double) nonZeros / layer.parameterCount();
    }

    /** ||G||_F / ||W||_F: the weight-space error pruning made (0 for an all-zero W). */
    public double gapRatio() {
        return weightNorm == 0 ? 0 : gap.norm() / weightNorm;
    }

    /** ||W - Wp - A_r B_r||_F / ||W||_F: the weight-space error left after a rank-r correction. */
    public double relativeError(int rank) {
        return weightNorm == 0 ? 0 : gap.residualNorm(rank) / weightNorm;
    }
}

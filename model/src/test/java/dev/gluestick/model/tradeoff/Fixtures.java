package dev.gluestick.model.tradeoff;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.tensor.DType;
import java.util.Optional;
import java.util.OptionalInt;

/** Hand-made layer analyses with known spectra. */
final class Fixtures {

    private Fixtures() {}

    /** A 2:4-pruned layer whose gap spectrum decays as decay^i, k values known. */
    static LayerAnalysis layer(String name, int rows, int cols, int k, double decay, double weightNorm) {
        float[] s = new float[k];
        double energy = 0;
        for (int i = 0; i < k; i++) {
            s[i] = (float) Math.pow(decay, i);
            energy += (double) s[i] * s[i];
        }
        // a tail beyond the known k, so E(k) < 1
        energy *= 1.25;
        LinearLayer l = new LinearLayer(name + ".weight", name, rows, cols, DType.BF16, OptionalInt.empty(), "proj");
        return new LayerAnalysis(l, (long) rows * cols / 2, Optional.of(new NMPattern(2, 4)),
                weightNorm, Spectrum.of(s, energy));
    }
}

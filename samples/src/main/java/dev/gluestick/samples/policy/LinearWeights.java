package dev.gluestick.samples.policy;

import java.util.Objects;

/**
 * One linear layer's weight (row-major {@code [rows = d_out, cols = d_in]}, PyTorch layout) and
 * bias. Arrays are copied in and out.
 */
public record LinearWeights(String module, int rows, int cols, float[] weight, float[] bias) {

    public LinearWeights {
        Objects.requireNonNull(module);
        if (weight.length != (long) rows * cols || bias.length != rows) {
            throw new IllegalArgumentException("bad shapes for " + module);
        }
        weight = weight.clone();
        bias = bias.clone();
    }

    @Override
    public float[] weight() {
        return weight.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** Read-only access without a copy, for the forward pass compiler in this package. */
    float[] weightView() {
        return weight;
    }

    float[] biasView() {
        return bias;
    }

    public LinearWeights withWeight(float[] newWeight) {
        return new LinearWeights(module, rows, cols, newWeight, bias);
    }
}

package dev.gluestick.samples.policy;

import dev.gluestick.model.recover.svd.Correction;

/**
 * A correction {@code A B} for one layer: {@code a} is {@code [rows x rank]} (PEFT lora_B, with
 * any scaling already folded in), {@code b} is {@code [rank x cols]} (PEFT lora_A). Row-major.
 * Unlike the engine's {@link Correction} it hands its arrays to the forward pass without copies.
 */
public record LowRankCorrection(int rows, int cols, int rank, float[] a, float[] b) {

    public LowRankCorrection {
        if (rank < 0 || a.length != (long) rows * rank || b.length != (long) rank * cols) {
            throw new IllegalArgumentException("bad low-rank shapes");
        }
        a = a.clone();
        b = b.clone();
    }

    @Override
    public float[] a() {
        return a.clone();
    }

    @Override
    public float[] b() {
        return b.clone();
    }

    float[] aView() {
        return a;
    }

    float[] bView() {
        return b;
    }

    /** The dense product {@code A B}, accumulated in double (the engine's own arithmetic). */
    public float[] product() {
        return new Correction(rows, cols, rank, a, b).product();
    }
}

package dev.gluestick.model.recover.svd;

import dev.gluestick.model.recover.Spectrum;

/**
 * The top singular values of a {@code rows x cols} matrix, descending, and its exact total energy
 * {@code ||G||_F^2} (summed in double from the matrix itself, not from the values), so the
 * captured energy {@code E(r)} is exact for every {@code r} without a full SVD. Immutable.
 */
public record SingularValues(int rows, int cols, float[] s, double totalEnergy) {

    public SingularValues {
        s = s.clone();
        if (s.length > Math.min(rows, cols)) {
            throw new IllegalArgumentException(s.length + " singular values for a " + rows + " x " + cols + " matrix");
        }
    }

    @Override
    public float[] s() {
        return s.clone();
    }

    public int count() {
        return s.length;
    }

    public float value(int i) {
        return s[i];
    }

    /** {@code E(r) = sum_{i<=r} s_i^2 / ||G||_F^2}; 1 for an all-zero matrix. */
    public double capturedEnergy(int r) {
        if (r < 0 || r > s.length) {
            throw new IllegalArgumentException("rank " + r + " outside 0.." + s.length);
        }
        if (totalEnergy == 0) {
            return 1;
        }
        double sum = 0;
        for (int i = 0; i < r; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.min(1, sum / totalEnergy);
    }

    /** {@code sqrt(||G||_F^2 - sum_{i<=r} s_i^2)}: the Frobenius norm left after a rank-r correction. */
    public double residualNorm(int r) {
        return Math.sqrt(Math.max(0, totalEnergy * (1 - capturedEnergy(r))));
    }

    /** The same numbers as the trade-off's {@link Spectrum}. */
    public Spectrum toSpectrum() {
        return Spectrum.of(s, totalEnergy);
    }
}

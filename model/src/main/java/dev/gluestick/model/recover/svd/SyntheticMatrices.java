package dev.gluestick.model.recover.svd;

import dev.gluestick.model.recover.svd.Lapack.Op;
import java.util.SplittableRandom;

/**
 * Seeded test and benchmark matrices with known spectral shapes, row-major.
 *
 * <p>Flat spectra (Gaussian matrices and the 2:4 magnitude-pruning gap of one, the realistic VLA
 * case) are the hard case for iterative top-k methods; decaying ones ({@code U diag(s) V^T} with
 * {@code s_i = 1/i} or {@code exp(-i/tau)}) are the hard case for Gram-based ones.
 */
public final class SyntheticMatrices {

    private SyntheticMatrices() {}

    /** i.i.d. standard normal entries. */
    public static float[] gaussian(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] g = new float[Math.toIntExact((long) rows * cols)];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) gaussian(random);
        }
        return g;
    }

    /**
     * The gap {@code W - Wp} of N:M magnitude pruning of a Gaussian W: in every group of M
     * consecutive input columns of each row the N largest |w| survive, so the gap holds the other
     * M - N (ties: lower column index survives).
     */
    public static float[] magnitudePrunedGap(int rows, int cols, int n, int m, long seed) {
        if (n < 1 || n >= m || cols % m != 0) {
            throw new IllegalArgumentException(n + ":" + m + " pruning of " + cols + " columns");
        }
        float[] w = gaussian(rows, cols, seed);
        float[] gap = new float[w.length];
        boolean[] kept = new boolean[m];
        for (int g0 = 0; g0 < w.length; g0 += m) {
            java.util.Arrays.fill(kept, false);
            for (int keep = 0; keep < n; keep++) {
                int best = -1;
                for (int j = 0; j < m; j++) {
                    if (!kept[j] && (best < 0 || Math.abs(w[g0 + j]) > Math.abs(w[g0 + best]))) {
                        best = j;
                    }
                }
                kept[best] = true;
            }
            for (int j = 0; j < m; j++) {
                if (!kept[j]) {
                    gap[g0 + j] = w[g0 + j];
                }
            }
        }
        return gap;
    }

    /** {@code s_i = 1 / i}, i = 1..min(rows, cols): slow (harmonic) decay. */
    public static float[] harmonic(int rows, int cols, long seed) {
        float[] s = new float[Math.min(rows, cols)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1f / (i + 1);
        }
        return withSpectrum(rows, cols, s, seed);
    }

    /** {@code s_i = exp(-(i - 1) / tau)}: fast decay. */
    public static float[] exponential(int rows, int cols, double tau, long seed) {
        float[] s = new float[Math.min(rows, cols)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.exp(-i / tau);
        }
        return withSpectrum(rows, cols, s, seed);
    }

    /** A product of Gaussian {@code rows x rank} and {@code rank x cols} factors: rank-deficient. */
    public static float[] lowRank(int rows, int cols, int rank, long seed) {
        float[] x = gaussian(rows, rank, seed);
        float[] y = gaussian(rank, cols, seed + 1);
        float[] g = new float[Math.toIntExact((long) rows * cols)];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < rank; t++) {
                float a = x[i * rank + t];
                for (int j = 0; j < cols; j++) {
                    g[i * cols + j] += a * y[t * cols + j];
                }
            }
        }
        return g;
    }

    /**
     * {@code Q1 diag(s) Q2^T} with Haar-like random orthonormal {@code Q1} (rows x q) and
     * {@code Q2} (cols x q), q = s.length <= min(rows, cols): singular values exactly s (up to
     * float rounding), singular vectors random.
     */
    public static float[] withSpectrum(int rows, int cols, float[] s, long seed) {
        int q = s.length;
        if (q > Math.min(rows, cols)) {
            throw new IllegalArgumentException(q + " singular values for a " + rows + " x " + cols + " matrix");
        }
        try (NativeMatrix left = randomOrthonormal(rows, q, seed);
                NativeMatrix right = randomOrthonormal(cols, q, seed + 1);
                NativeMatrix gt = NativeMatrix.allocate(cols, rows)) {
            float[] scaled = left.toColumnMajor();
            for (int j = 0; j < q; j++) {
                for (int i = 0; i < rows; i++) {
                    scaled[j * rows + i] *= s[j];
                }
            }
            try (NativeMatrix ls = NativeMatrix.ofColumnMajor(scaled, rows, q)) {
                // G^T (cols x rows, column-major) is exactly G row-major.
                Lapack.gemm(Op.N, Op.T, 1f, right, ls, 0f, gt);
            }
            return gt.toColumnMajor();
        }
    }

    /** The orthonormalized columns of a Gaussian {@code n x q} matrix. */
    private static NativeMatrix randomOrthonormal(int n, int q, long seed) {
        NativeMatrix m = NativeMatrix.ofColumnMajor(gaussian(n, q, seed), n, q);
        Lapack.orthonormalizeColumns(m);
        return m;
    }

    private static double gaussian(SplittableRandom random) {
        // Marsaglia polar method: SplittableRandom has no nextGaussian on Java 17.
        while (true) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double r = u * u + v * v;
            if (r > 0 && r < 1) {
                return u * Math.sqrt(-2 * Math.log(r) / r);
            }
        }
    }
}

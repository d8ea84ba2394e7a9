package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an (externally) pruned weight looks like: how many exact zeros it has and the tightest N:M
 * pattern (M in 4, 8, 16) every group of M consecutive input columns of every row satisfies.
 *
 * @param elements d_out * d_in
 * @param zeros weights equal to 0 (either sign)
 * @param nm the tightest satisfied pattern, or empty when none with N &lt; M holds (unstructured)
 */
public record SparsityPattern(long elements, long zeros, Optional<NMPattern> nm) {

    /** Group widths checked; 2:4 (and 4:8) are what sparse tensor cores and exporters use. */
    static final int[] CHECKED_M = {4, 8, 16};

    public SparsityPattern {
        Objects.requireNonNull(nm, "nm");
        if (elements < 0 || zeros < 0 || zeros > elements) {
            throw new IllegalArgumentException(zeros + " zeros of " + elements);
        }
    }

    /** Fraction of exact zeros. */
    public double sparsity() {
        return elements == 0 ? 0.0 : (double) zeros / elements;
    }

    public long nonzeros() {
        return elements - zeros;
    }

    /** {@code "2:4"}, or {@code "none"} for an unstructured pattern. */
    public String nmLabel() {
        return nm.map(NMPattern::toString).orElse("none");
    }

    /**
     * Scans a row-major {@code [rows, cols]} weight once.
     *
     * <p>For each M in {4, 8, 16} that divides {@code cols}, N_M is the largest nonzero count of any
     * group; the reported pattern is the N_M:M with N_M &lt; M and the smallest ratio N_M / M,
     * preferring the smaller M on equal ratios (2:4 implies 4:8, so it says more). An all-zero
     * tensor reports 0:4.
     *
     * @throws InputException naming the tensor if it holds NaN or infinite values
     */
    public static SparsityPattern detect(String tensorName, float[] w, int rows, int cols) {
        Objects.requireNonNull(tensorName, "tensorName");
        if (rows <= 0 || cols <= 0 || (long) rows * cols != w.length) {
            throw new IllegalArgumentException(
                    tensorName + ": " + w.length + " values do not make a " + rows + "x" + cols + " matrix");
        }
        boolean by4 = cols % 4 == 0;
        boolean by8 = cols % 8 == 0;
        boolean by16 = cols % 16 == 0;
        long nonzeros = 0;
        int max4 = 0;
        int max8 = 0;
        int max16 = 0;
        if (!by4) {
            for (int i = 0; i < w.length; i++) {
                nonzeros += nonzero(tensorName, w, i, cols);
            }
        } else {
            // Every row starts a new group because cols is a multiple of every M that is checked.
            int quads = w.length / 4;
            int acc8 = 0;
            int acc16 = 0;
            for (int q = 0; q < quads; q++) {
                int i = q * 4;
                int c = nonzero(tensorName, w, i, cols) + nonzero(tensorName, w, i + 1, cols)
                        + nonzero(tensorName, w, i + 2, cols) + nonzero(tensorName, w, i + 3, cols);
                nonzeros += c;
                max4 = Math.max(max4, c);
                acc8 += c;
                acc16 += c;
                if ((q & 1) == 1) {
                    max8 = Math.max(max8, acc8);
                    acc8 = 0;
                }
                if ((q & 3) == 3) {
                    max16 = Math.max(max16, acc16);
                    acc16 = 0;
                }
            }
        }
        NMPattern best = null;
        int[] maxima = {max4, max8, max16};
        boolean[] applies = {by4, by8 && by4, by16 && by4};
        for (int t = 0; t < CHECKED_M.length; t++) {
            int m = CHECKED_M[t];
            int n = maxima[t];
            if (applies[t] && n < m && (best == null || (long) n * best.m() < (long) best.n() * m)) {
                best = new NMPattern(n, m);
            }
        }
        return new SparsityPattern(w.length, w.length - nonzeros, Optional.ofNullable(best));
    }

    private static int nonzero(String tensorName, float[] w, int i, int cols) {
        int b = Float.floatToRawIntBits(w[i]) & 0x7fffffff;
        if (b >= 0x7f800000) {
            throw new InputException(
                    "tensor " + tensorName + ": value [" + (i / cols) + ", " + (i % cols) + "] is " + w[i]
                            + "; a pruned weight must be finite");
        }
        return b == 0 ? 0 : 1;
    }
}

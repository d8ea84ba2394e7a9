package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an (externally) pruned weight looks like: how many exact zeros it has and the tightest N:M
 * pattern (M in 4, 8, 16) every group of M consecutive input columns of every row satisfies and
 * that most groups are at (see {@link #detect}).
 *
 * @param elements d_out * d_in
 * @param zeros weights equal to 0 (either sign)
 * @param nm the tightest binding pattern, or empty when there is none (unstructured)
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
     * group of M consecutive input columns in a row. N_M:M is a candidate when N_M &lt; M and it is
     * binding: more than half of the groups hold exactly N_M nonzeros. (A 50% unstructured mask
     * satisfies some 14:16 by chance, but almost no group is at the bound; an N:M pruner leaves
     * nearly every group at exactly N.) The reported pattern is the candidate with the smallest
     * ratio N/M, preferring the smaller M on equal ratios (2:4 implies 4:8, so it says more). An
     * all-zero tensor reports 0:4.
     *
     * @throws InputException naming the tensor if it holds NaN or infinite values
     */
    public static SparsityPattern detect(String tensorName, float[] w, int rows, int cols) {
        Objects.requireNonNull(tensorName, "tensorName");
        if (rows <= 0 || cols <= 0 || (long) rows * cols != w.length) {
            throw new IllegalArgumentException(
                    tensorName + ": " + w.length + " values do not make a " + rows + "x" + cols + " matrix");
        }
        // hist[t][c]: how many groups of width CHECKED_M[t] hold exactly c nonzeros.
        long[][] hist = {new long[5], new long[9], new long[17]};
        long nonzeros = 0;
        if (cols % 4 != 0) {
            for (int i = 0; i < w.length; i++) {
                nonzeros += nonzero(tensorName, w, i, cols);
            }
        } else {
            // Every row starts a new group: cols is a multiple of 4, and 8 or 16 are used only if they divide it.
            int quads = w.length / 4;
            int acc8 = 0;
            int acc16 = 0;
            for (int q = 0; q < quads; q++) {
                int i = q * 4;
                int c = nonzero(tensorName, w, i, cols) + nonzero(tensorName, w, i + 1, cols)
                        + nonzero(tensorName, w, i + 2, cols) + nonzero(tensorName, w, i + 3, cols);
                nonzeros += c;
                hist[0][c]++;
                acc8 += c;
                acc16 += c;
                if ((q & 1) == 1) {
                    hist[1][acc8]++;
                    acc8 = 0;
                }
                if ((q & 3) == 3) {
                    hist[2][acc16]++;
                    acc16 = 0;
                }
            }
        }
        NMPattern best = null;
        for (int t = 0; t < CHECKED_M.length; t++) {
            int m = CHECKED_M[t];
            if (cols % m != 0) {
                continue;
            }
            long groups = (long) rows * (cols / m);
            int n = m;
            while (n > 0 && hist[t][n] == 0) {
                n--;
            }
            boolean binding = 2 * hist[t][n] > groups;
            if (n < m && binding && (best == null || (long) n * best.m() < (long) best.n() * m)) {
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

package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An N:M semi-structured pattern: in every group of {@code m} consecutive input columns of each
 * row at most {@code n} weights are nonzero (2:4 is the one sparse tensor cores run).
 *
 * @param n kept weights per group, {@code 0 <= n < m} (0 only arises from detection on an all-zero tensor)
 * @param m group width, {@code 2 <= m <= MAX_M}
 */
public record NMPattern(int n, int m) {

    /** Larger groups are not a semi-structured pattern any hardware runs; the cap also bounds per-group work. */
    public static final int MAX_M = 1024;

    private static final Pattern SPEC = Pattern.compile("\\s*(\\d{1,9})\\s*:\\s*(\\d{1,9})\\s*");

    public NMPattern {
        if (m < 2 || m > MAX_M || n < 0 || n >= m) {
            throw new IllegalArgumentException("not an N:M pattern: " + n + ":" + m);
        }
    }

    /**
     * Parses a user's {@code N:M}, e.g. {@code 2:4}; a pruning pattern must keep at least one and
     * drop at least one weight per group.
     */
    public static NMPattern parse(String spec) {
        Matcher mt = SPEC.matcher(spec == null ? "" : spec);
        if (!mt.matches()) {
            throw new InputException("--nm " + spec + " is not of the form N:M (e.g. 2:4)");
        }
        int n = Integer.parseInt(mt.group(1));
        int m = Integer.parseInt(mt.group(2));
        if (m < 2 || m > MAX_M) {
            throw new InputException("--nm " + spec + ": group size M must be between 2 and " + MAX_M);
        }
        if (n == 0) {
            throw new InputException("--nm " + spec + ": N must be at least 1 (0:" + m + " would zero the layer)");
        }
        if (n >= m) {
            throw new InputException("--nm " + spec + ": N must be smaller than M (keep N of every M weights, e.g. 2:4)");
        }
        return new NMPattern(n, m);
    }

    /** Fraction of weights an N:M mask zeroes, {@code 1 - n/m}. */
    public double sparsity() {
        return 1.0 - (double) n / m;
    }

    @Override
    public String toString() {
        return n + ":" + m;
    }
}

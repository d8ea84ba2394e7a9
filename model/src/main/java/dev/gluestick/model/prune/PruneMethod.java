package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * The built-in pruners. Scores are {@code |W_ij|} (magnitude) or {@code |W_ij| * ||X_j||_2}
 * (Wanda); see {@code docs/pruning.md} for the exact rounding and tie-breaking rules.
 */
public sealed interface PruneMethod
        permits PruneMethod.Magnitude, PruneMethod.MagnitudeNM, PruneMethod.Wanda, PruneMethod.WandaNM {

    /** Largest unstructured target: 1.0 would zero the layer, which no recovery can undo. */
    double MAX_SPARSITY = 0.99;

    /** Magnitude, unstructured: one threshold over all weights of the layer. */
    record Magnitude(double sparsity) implements PruneMethod {
        public Magnitude {
            checkSparsity(sparsity);
        }

        @Override
        public Score score() {
            return Score.MAGNITUDE;
        }

        @Override
        public double targetSparsity() {
            return sparsity;
        }

        @Override
        public String describe() {
            return "magnitude " + decimal(sparsity);
        }
    }

    /** Magnitude, N:M: in every group of M consecutive input columns keep the N largest |W|. */
    record MagnitudeNM(NMPattern pattern) implements PruneMethod {
        public MagnitudeNM {
            checkPrunable(pattern);
        }

        @Override
        public Score score() {
            return Score.MAGNITUDE;
        }

        @Override
        public double targetSparsity() {
            return pattern.sparsity();
        }

        @Override
        public String describe() {
            return "magnitude " + pattern;
        }
    }

    /** Wanda, unstructured: zero the same (lowest-scoring) fraction of every output row. */
    record Wanda(double sparsity) implements PruneMethod {
        public Wanda {
            checkSparsity(sparsity);
        }

        @Override
        public Score score() {
            return Score.WANDA;
        }

        @Override
        public double targetSparsity() {
            return sparsity;
        }

        @Override
        public String describe() {
            return "wanda " + decimal(sparsity);
        }
    }

    /** Wanda, N:M: in every group of M consecutive input columns keep the N highest Wanda scores. */
    record WandaNM(NMPattern pattern) implements PruneMethod {
        public WandaNM {
            checkPrunable(pattern);
        }

        @Override
        public Score score() {
            return Score.WANDA;
        }

        @Override
        public double targetSparsity() {
            return pattern.sparsity();
        }

        @Override
        public String describe() {
            return "wanda " + pattern;
        }
    }

    /** What a weight is scored by. */
    enum Score {
        /** {@code |W_ij|}. */
        MAGNITUDE,
        /** {@code |W_ij| * ||X_j||_2}: needs input-channel norms from a calibration file. */
        WANDA
    }

    Score score();

    /** The fraction of weights the method aims to zero (nominal: already-zero weights may add more). */
    double targetSparsity();

    /** True when the scores need input-channel norms from a calibration file. */
    default boolean needsCalibration() {
        return score() == Score.WANDA;
    }

    /** A short label for reports and provenance, e.g. {@code magnitude 2:4}, {@code wanda 0.5}. */
    String describe();

    /**
     * Parses the command line's {@code --prune METHOD} with exactly one of {@code --sparsity S}
     * and {@code --nm N:M}. Every nonsense input is an {@link InputException} saying what to type.
     */
    static PruneMethod parse(String method, Double sparsity, String nm) {
        String name = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
        boolean wanda;
        switch (name) {
            case "magnitude" -> wanda = false;
            case "wanda" -> wanda = true;
            default -> throw new InputException("--prune " + method + " is not a pruning method (use magnitude or wanda)");
        }
        if (sparsity != null && nm != null) {
            throw new InputException("--sparsity and --nm are exclusive: give one (e.g. --sparsity 0.5 or --nm 2:4)");
        }
        if (sparsity == null && nm == null) {
            throw new InputException("--prune " + name + " needs --sparsity S (0 to 0.99) or --nm N:M (e.g. 2:4)");
        }
        if (nm != null) {
            NMPattern p = NMPattern.parse(nm);
            return wanda ? new WandaNM(p) : new MagnitudeNM(p);
        }
        if (!validSparsity(sparsity)) {
            throw new InputException("--sparsity " + sparsity + " is out of range: use a fraction from 0 to " + MAX_SPARSITY);
        }
        return wanda ? new Wanda(sparsity) : new Magnitude(sparsity);
    }

    /**
     * How many of {@code n} weights an unstructured target zeroes: {@code sparsity * n} rounded
     * half up, where the sparsity is taken as its shortest decimal spelling (so 0.15 of 10 is 2,
     * not the 1 that the binary double 0.1499999... would give).
     */
    static long pruneCount(double sparsity, long n) {
        return BigDecimal.valueOf(sparsity)
                .multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static String decimal(double s) {
        return BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }

    private static boolean validSparsity(double s) {
        return s >= 0.0 && s <= MAX_SPARSITY; // false for NaN
    }

    private static void checkPrunable(NMPattern p) {
        Objects.requireNonNull(p, "pattern");
        if (p.n() == 0) {
            throw new IllegalArgumentException("pattern " + p + " would zero every weight");
        }
    }

    private static void checkSparsity(double s) {
        if (!validSparsity(s)) {
            throw new IllegalArgumentException("sparsity " + s + " outside 0.." + MAX_SPARSITY);
        }
    }
}

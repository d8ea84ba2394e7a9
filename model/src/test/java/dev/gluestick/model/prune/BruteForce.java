package dev.gluestick.model.prune;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The pruning rules written the obvious way (full sorts with a comparator, boxed indices), as the
 * reference the fast {@link Pruner} is checked against. Deliberately shares no code with it.
 */
final class BruteForce {

    private BruteForce() {}

    /** Prune order: already-zero weights first, then ascending score, then ascending flat index. */
    static Comparator<Integer> pruneOrder(float[] w, float[] score) {
        return Comparator.<Integer>comparingInt(i -> w[i] == 0f ? 0 : 1)
                .thenComparing(i -> score[i], Float::compare)
                .thenComparingInt(i -> i);
    }

    static float[] scores(float[] w, int cols, float[] norms) {
        float[] s = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = norms == null ? Math.abs(w[i]) : Math.abs(w[i]) * norms[i % cols];
        }
        return s;
    }

    static int roundHalfUp(double sparsity, int n) {
        return new BigDecimal(Double.toString(sparsity)).multiply(new BigDecimal(n)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** Zeroes the first {@code k} of {@code scope} in prune order. */
    private static void pruneScope(float[] out, float[] w, float[] score, List<Integer> scope, int k) {
        scope.sort(pruneOrder(w, score));
        for (int t = 0; t < k; t++) {
            out[scope.get(t)] = 0f;
        }
    }

    static float[] layerThreshold(float[] w, double sparsity) {
        float[] out = w.clone();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            all.add(i);
        }
        pruneScope(out, w, scores(w, 1, null), all, roundHalfUp(sparsity, w.length));
        return out;
    }

    static float[] perRow(float[] w, int rows, int cols, float[] norms, double sparsity) {
        float[] out = w.clone();
        float[] s = scores(w, cols, norms);
        for (int r = 0; r < rows; r++) {
            List<Integer> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                row.add(r * cols + j);
            }
            pruneScope(out, w, s, row, roundHalfUp(sparsity, cols));
        }
        return out;
    }

    static float[] nm(float[] w, int rows, int cols, float[] norms, int n, int m) {
        float[] out = w.clone();
        float[] s = scores(w, cols, norms);
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < cols; g += m) {
                List<Integer> group = new ArrayList<>();
                for (int t = 0; t < m; t++) {
                    group.add(r * cols + g + t);
                }
                pruneScope(out, w, s, group, m - n);
            }
        }
        return out;
    }

    /** Weights with many ties and zeros (both signs): values from a small grid, some continuous. */
    static float[] tiedWeights(Random rnd, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            if (kind == 0) {
                w[i] = 0f;
            } else if (kind == 1) {
                w[i] = -0f;
            } else if (kind < 6) {
                w[i] = (rnd.nextInt(7) - 3) * 0.25f;
            } else {
                w[i] = (float) rnd.nextGaussian();
            }
        }
        return w;
    }

    static float[] continuousWeights(Random rnd, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        return w;
    }

    /** Norms with ties and dead (zero) channels. */
    static float[] tiedNorms(Random rnd, int cols) {
        float[] v = new float[cols];
        float[] grid = {0f, 0.5f, 1f, 2f};
        for (int j = 0; j < cols; j++) {
            v[j] = rnd.nextBoolean() ? grid[rnd.nextInt(grid.length)] : (float) (rnd.nextDouble() * 3);
        }
        return v;
    }

    static int zeros(float[] w, int from, int to) {
        int z = 0;
        for (int i = from; i < to; i++) {
            if (w[i] == 0f) {
                z++;
            }
        }
        return z;
    }
}

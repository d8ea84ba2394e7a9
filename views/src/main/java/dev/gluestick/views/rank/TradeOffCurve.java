package dev.gluestick.views.rank;

import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.TradeOff;

/**
 * The trade-off chart's line: for uniform ranks from 0 to the largest known, the whole model's
 * memory (% of dense) and size-weighted weight error after correction. At most about 260 points,
 * so a chart redraw stays cheap whatever R_max is.
 */
public record TradeOffCurve(int[] ranks, double[] memoryPercent, double[] error, double denseErrorBefore) {

    private static final int MAX_POINTS = 257;

    public TradeOffCurve {
        ranks = ranks.clone();
        memoryPercent = memoryPercent.clone();
        error = error.clone();
    }

    public static TradeOffCurve of(TradeOff t) {
        int maxRank = t.maxRank();
        int stride = Math.max(1, (int) Math.ceil(maxRank / (double) (MAX_POINTS - 1)));
        int n = maxRank / stride + 1 + (maxRank % stride == 0 ? 0 : 1);
        int[] r = new int[n];
        double[] mem = new double[n];
        double[] err = new double[n];
        double before = 0;
        for (int i = 0; i < n; i++) {
            r[i] = Math.min(maxRank, i * stride);
            ModelTotals tot = t.totals(t.allocate(new RankPolicy.Uniform(r[i])));
            mem[i] = tot.ratioToDense() * 100;
            err[i] = tot.errorAfter();
            before = tot.errorBefore();
        }
        return new TradeOffCurve(r, mem, err, before);
    }

    public int size() {
        return ranks.length;
    }

    @Override
    public int[] ranks() {
        return ranks.clone();
    }

    @Override
    public double[] memoryPercent() {
        return memoryPercent.clone();
    }

    @Override
    public double[] error() {
        return error.clone();
    }

    public int rank(int i) {
        return ranks[i];
    }

    public double memoryAt(int i) {
        return memoryPercent[i];
    }

    public double errorAt(int i) {
        return error[i];
    }
}

package dev.gluestick.app.cli;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tradeoff.Bytes;
import dev.gluestick.model.tradeoff.RankPolicy;
import picocli.CommandLine.Option;

/** Exactly one way of choosing ranks: --rank, --energy or --budget (a picocli exclusive group). */
final class RankOptions {

    @Option(names = "--rank", paramLabel = "R", required = true, description = "The same rank in every layer (the paper's setting).")
    Integer rank;

    @Option(names = "--energy", paramLabel = "E", required = true,
            description = "Per layer, the smallest rank capturing this fraction of the gap energy, e.g. 0.9.")
    Double energy;

    @Option(names = "--budget", paramLabel = "SIZE|FRACTION", required = true,
            description = "Total model size for pruned weights + corrections: a size (3.5GiB, 800MB) or a fraction of the dense model (0.6).")
    String budget;

    /** @param denseModelBytes the whole dense model, for a fractional budget */
    RankPolicy policy(long denseModelBytes) {
        if (rank != null) {
            if (rank < 0) {
                throw new InputException("--rank must be >= 0, got " + rank);
            }
            return new RankPolicy.Uniform(rank);
        }
        if (energy != null) {
            if (!(energy >= 0 && energy <= 1)) {
                throw new InputException("--energy must be a fraction in [0, 1], got " + energy);
            }
            return new RankPolicy.EnergyTarget(energy);
        }
        return new RankPolicy.Budget(budgetBytes(budget, denseModelBytes));
    }

    static long budgetBytes(String text, long denseModelBytes) {
        String t = text.trim();
        if (t.matches("[0-9]*\\.[0-9]+|[01]")) {
            double f = Double.parseDouble(t);
            if (!(f > 0 && f <= 1)) {
                throw new InputException("--budget " + text + ": a fraction of the dense model must be in (0, 1]");
            }
            return Math.round(f * denseModelBytes);
        }
        return Bytes.parse(t);
    }

    /** The rank the spectra must reach for this policy to be honoured (uniform asks for its rank). */
    int requiredMaxRank(int defaultMaxRank) {
        return rank != null ? Math.max(defaultMaxRank, rank) : defaultMaxRank;
    }
}

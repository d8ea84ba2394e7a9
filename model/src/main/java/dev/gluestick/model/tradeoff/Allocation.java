package dev.gluestick.model.tradeoff;

import java.util.Arrays;

/**
 * Ranks chosen for every layer (in the order of the analysis), and where the policy could not be
 * met: a layer whose known spectrum could not reach an energy target, or a budget too small.
 *
 * @param policy the policy that produced it
 * @param ranks rank per layer
 * @param capped per layer, true where the policy wanted more rank than the known spectrum has
 */
public record Allocation(RankPolicy policy, int[] ranks, boolean[] capped) {

    public Allocation {
        ranks = ranks.clone();
        capped = capped.clone();
        if (ranks.length != capped.length) {
            throw new IllegalArgumentException("ranks and capped differ in length");
        }
    }

    @Override
    public int[] ranks() {
        return ranks.clone();
    }

    @Override
    public boolean[] capped() {
        return capped.clone();
    }

    public int rank(int layer) {
        return ranks[layer];
    }

    public boolean isCapped(int layer) {
        return capped[layer];
    }

    public int size() {
        return ranks.length;
    }

    public int maxRank() {
        return Arrays.stream(ranks).max().orElse(0);
    }

    public boolean isUniform() {
        return Arrays.stream(ranks).distinct().count() <= 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allocation a && policy.equals(a.policy) && Arrays.equals(ranks, a.ranks)
                && Arrays.equals(capped, a.capped);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ranks) + policy.hashCode();
    }

    @Override
    public String toString() {
        return "Allocation[" + policy.describe() + ", ranks=" + Arrays.toString(ranks) + "]";
    }
}

package dev.gluestick.model.tradeoff;

import dev.gluestick.model.InputException;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The rank trade-off over a whole analysed model: allocates ranks by policy and turns an
 * allocation into model totals. Pure arithmetic on spectra: a call over 224 layers takes
 * microseconds, so the UI can call it on every slider tick. Immutable and thread-safe.
 */
public final class TradeOff {

    private final List<LayerAnalysis> layers;
    private final long otherBytes;
    private final MemoryModel memory;
    private final long totalParams;

    /**
     * @param layers the analysed prunable layers (allocation arrays follow this order)
     * @param otherBytes bytes of all tensors that are not prunable layers, as stored
     * @param memory how base and factors are stored
     */
    public TradeOff(List<LayerAnalysis> layers, long otherBytes, MemoryModel memory) {
        this.layers = List.copyOf(layers);
        this.otherBytes = otherBytes;
        this.memory = Objects.requireNonNull(memory);
        long n = 0;
        for (LayerAnalysis a : this.layers) {
            n += a.layer().parameterCount();
        }
        this.totalParams = n;
    }

    public List<LayerAnalysis> layers() {
        return layers;
    }

    public MemoryModel memory() {
        return memory;
    }

    public TradeOff withMemory(MemoryModel m) {
        return new TradeOff(layers, otherBytes, m);
    }

    public long otherBytes() {
        return otherBytes;
    }

    /** The largest rank any layer's known spectrum reaches. */
    public int maxRank() {
        int r = 0;
        for (LayerAnalysis a : layers) {
            r = Math.max(r, a.gap().maxRank());
        }
        return r;
    }

    public Allocation allocate(RankPolicy policy) {
        return allocate(policy, Map.of());
    }

    /**
     * @param overrides fixed ranks by tensor name; they win over the policy (and, for a budget,
     *     are paid for first)
     */
    public Allocation allocate(RankPolicy policy, Map<String, Integer> overrides) {
        int n = layers.size();
        int[] ranks = new int[n];
        boolean[] capped = new boolean[n];
        // Java 17 has no pattern switch; RankPolicy is sealed, so this chain is exhaustive.
        if (policy instanceof RankPolicy.Uniform u) {
            for (int i = 0; i < n; i++) {
                int k = layers.get(i).gap().maxRank();
                ranks[i] = Math.min(u.rank(), k);
                capped[i] = u.rank() > k && k < maxPossibleRank(layers.get(i));
            }
        } else if (policy instanceof RankPolicy.EnergyTarget e) {
            for (int i = 0; i < n; i++) {
                Spectrum s = layers.get(i).gap();
                int r = s.rankForEnergy(e.target());
                ranks[i] = r < 0 ? s.maxRank() : r;
                capped[i] = r < 0;
            }
        } else {
            allocateBudget(((RankPolicy.Budget) policy).bytes(), overrides, ranks, capped);
        }
        applyOverrides(overrides, ranks, capped);
        return new Allocation(policy, ranks, capped);
    }

    private void applyOverrides(Map<String, Integer> overrides, int[] ranks, boolean[] capped) {
        for (int i = 0; i < layers.size(); i++) {
            Integer o = overrides.get(layers.get(i).layer().tensorName());
            if (o != null) {
                int k = layers.get(i).gap().maxRank();
                ranks[i] = Math.max(0, Math.min(o, k));
                capped[i] = o > k;
            }
        }
    }

    /**
     * Greedy by captured gap energy per byte. The objective, sum over layers of
     * (n_l / N) * E_l(r_l) * ||G_l||^2 / ||W_l||^2 (size-weighted captured relative energy), has
     * non-increasing marginal gains in each layer (singular values descend), so taking the best
     * gain per byte first is the classic greedy for a concave knapsack: optimal up to the last
     * item that does not fit.
     */
    private void allocateBudget(long budget, Map<String, Integer> overrides, int[] ranks, boolean[] capped) {
        long used = otherBytes;
        for (LayerAnalysis a : layers) {
            used += memory.baseBytes(a);
        }
        for (int i = 0; i < layers.size(); i++) {
            Integer o = overrides.get(layers.get(i).layer().tensorName());
            if (o != null) {
                used += memory.correctionBytes(layers.get(i), Math.min(o, layers.get(i).gap().maxRank()));
            }
        }
        if (used > budget) {
            throw new InputException("memory budget " + Bytes.human(budget) + " is below the pruned model without "
                    + "corrections (" + Bytes.human(used) + "); raise the budget or prune harder");
        }
        PriorityQueue<int[]> queue = new PriorityQueue<>((x, y) -> Double.compare(gainPerByte(y[0], y[1]), gainPerByte(x[0], x[1])));
        for (int i = 0; i < layers.size(); i++) {
            if (!overrides.containsKey(layers.get(i).layer().tensorName()) && layers.get(i).gap().maxRank() > 0) {
                queue.add(new int[] {i, 0});
            }
        }
        while (!queue.isEmpty()) {
            int[] top = queue.poll();
            int i = top[0];
            LayerAnalysis a = layers.get(i);
            long cost = memory.bytesPerRank(a);
            if (used + cost > budget) {
                // This layer cannot grow; cheaper layers still might.
                continue;
            }
            used += cost;
            ranks[i] = top[1] + 1;
            if (ranks[i] < a.gap().maxRank()) {
                queue.add(new int[] {i, ranks[i]});
            } else {
                capped[i] = a.gap().maxRank() < maxPossibleRank(a);
            }
        }
    }

    private double gainPerByte(int layer, int rank) {
        LayerAnalysis a = layers.get(layer);
        double s = a.gap().value(rank);
        double wsq = a.weightNorm() * a.weightNorm();
        double weight = totalParams == 0 ? 0 : (double) a.layer().parameterCount() / totalParams;
        double gain = wsq == 0 ? 0 : weight * s * s / wsq;
        return gain / memory.bytesPerRank(a);
    }

    private static int maxPossibleRank(LayerAnalysis a) {
        return Math.min(a.layer().rows(), a.layer().cols());
    }

    /** Model totals for an allocation; O(layers). */
    public ModelTotals totals(Allocation allocation) {
        return totals(allocation.ranks());
    }

    public ModelTotals totals(int[] ranks) {
        if (ranks.length != layers.size()) {
            throw new IllegalArgumentException("allocation has " + ranks.length + " ranks for " + layers.size() + " layers");
        }
        long dense = 0;
        long base = 0;
        long corr = 0;
        double before = 0;
        double after = 0;
        double energy = 0;
        int past = 0;
        long rankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            LayerAnalysis a = layers.get(i);
            int r = ranks[i];
            long d = memory.denseBytes(a);
            long b = memory.baseBytes(a);
            long c = memory.correctionBytes(a, r);
            dense += d;
            base += b;
            corr += c;
            rankSum += r;
            double w = totalParams == 0 ? 0 : (double) a.layer().parameterCount() / totalParams;
            before += w * a.relativeError(0);
            after += w * a.relativeError(r);
            energy += a.gap().energyFraction(r);
            if (b + c >= d) {
                past++;
            }
        }
        double meanEnergy = ranks.length == 0 ? 1 : energy / ranks.length;
        return new ModelTotals(otherBytes, dense, base, corr, before, after, meanEnergy, past, rankSum);
    }

    /** Totals at uniform rank r for r = 0..maxRank: the trade-off curve. */
    public ModelTotals[] uniformCurve() {
        int max = maxRank();
        ModelTotals[] out = new ModelTotals[max + 1];
        for (int r = 0; r <= max; r++) {
            out[r] = totals(allocate(new RankPolicy.Uniform(r)));
        }
        return out;
    }
}

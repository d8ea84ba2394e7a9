package dev.gluestick.model.tradeoff;

import dev.gluestick.model.InputException;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

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
    /** Cached greedy pick order for the budget policy (benign race: recomputed identically). */
    private volatile GreedyOrder greedy;

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
        // Walk the budget-independent pick order; a layer whose next rank does not fit stops
        // growing, cheaper layers still might (the classic greedy, same picks as popping a queue).
        int[] order = greedyOrder(overrides.keySet());
        boolean[] blocked = new boolean[layers.size()];
        for (int i : order) {
            if (blocked[i]) {
                continue;
            }
            long cost = memory.bytesPerRank(layers.get(i));
            if (used + cost > budget) {
                blocked[i] = true;
                continue;
            }
            used += cost;
            ranks[i]++;
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerAnalysis a = layers.get(i);
            if (!overrides.containsKey(a.layer().tensorName()) && a.gap().maxRank() > 0 && ranks[i] == a.gap().maxRank()) {
                capped[i] = a.gap().maxRank() < maxPossibleRank(a);
            }
        }
    }

    /**
     * The order in which the greedy takes rank increments (one layer index per increment), for
     * layers not fixed by an override. It does not depend on the budget, so it is computed once
     * per set of overridden layers and cached: a budget slider tick is then a linear walk instead
     * of a priority queue over every increment of the model (measured in {@code gluestick bench window}).
     */
    private int[] greedyOrder(Set<String> fixed) {
        GreedyOrder cached = greedy;
        if (cached != null && cached.fixed().equals(fixed)) {
            return cached.order();
        }
        int n = layers.size();
        double[] scale = new double[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            LayerAnalysis a = layers.get(i);
            double wsq = a.weightNorm() * a.weightNorm();
            double weight = totalParams == 0 ? 0 : (double) a.layer().parameterCount() / totalParams;
            scale[i] = wsq == 0 ? 0 : weight / wsq / memory.bytesPerRank(a);
            if (!fixed.contains(a.layer().tensorName())) {
                total += a.gap().maxRank();
            }
        }
        PriorityQueue<int[]> queue = new PriorityQueue<>((x, y) -> Double.compare(gain(scale, y), gain(scale, x)));
        for (int i = 0; i < n; i++) {
            if (!fixed.contains(layers.get(i).layer().tensorName()) && layers.get(i).gap().maxRank() > 0) {
                queue.add(new int[] {i, 0});
            }
        }
        int[] order = new int[total];
        int k = 0;
        while (!queue.isEmpty()) {
            int[] top = queue.poll();
            order[k++] = top[0];
            top[1]++;
            if (top[1] < layers.get(top[0]).gap().maxRank()) {
                queue.add(top);
            }
        }
        greedy = new GreedyOrder(Set.copyOf(fixed), order);
        return order;
    }

    /** Captured relative energy per byte of the next rank of layer x[0] at rank x[1]. */
    private double gain(double[] scale, int[] x) {
        double s = layers.get(x[0]).gap().value(x[1]);
        return scale[x[0]] * s * s;
    }

    private record GreedyOrder(Set<String> fixed, int[] order) {}

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

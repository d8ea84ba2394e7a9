package dev.gluestick.model.tradeoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cached pick order must give exactly the allocation of the plain priority-queue greedy. */
class BudgetGreedyOrderTest {

    private final MemoryModel memory = new MemoryModel(StorageForm.NM_COMPRESSED, DType.BF16, DType.BF16);

    @Test
    void cachedOrderMatchesThePriorityQueueGreedyForEveryBudget() {
        Random rnd = new Random(9);
        List<LayerAnalysis> layers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int rows = 16 * (1 + rnd.nextInt(4));
            int cols = 16 * (1 + rnd.nextInt(4));
            layers.add(Fixtures.layer("l" + i, rows, cols, Math.min(rows, cols) / 2, 0.80 + 0.19 * rnd.nextDouble(),
                    1 + rnd.nextDouble()));
        }
        TradeOff t = new TradeOff(layers, 1000, memory);
        Map<String, Integer> overrides = Map.of("l3.weight", 2);
        long floor = t.totals(t.allocate(new RankPolicy.Uniform(0), overrides)).modelBytes();
        long ceiling = t.totals(t.allocate(new RankPolicy.Uniform(1000), overrides)).modelBytes();
        for (long b = floor; b <= ceiling + 500; b += Math.max(1, (ceiling - floor) / 97)) {
            assertThat(t.allocate(new RankPolicy.Budget(b), overrides).ranks())
                    .as("budget %d", b).containsExactly(reference(layers, 1000, b, overrides));
        }
    }

    /** The textbook greedy: pop the best gain per byte, skip a layer whose next rank does not fit. */
    private int[] reference(List<LayerAnalysis> layers, long other, long budget, Map<String, Integer> overrides) {
        long total = 0;
        for (LayerAnalysis a : layers) {
            total += a.layer().parameterCount();
        }
        long used = other;
        int[] ranks = new int[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            LayerAnalysis a = layers.get(i);
            used += memory.baseBytes(a);
            Integer o = overrides.get(a.layer().tensorName());
            if (o != null) {
                ranks[i] = Math.min(o, a.gap().maxRank());
                used += memory.correctionBytes(a, ranks[i]);
            }
        }
        long n = total;
        PriorityQueue<int[]> q = new PriorityQueue<>((x, y) -> Double.compare(g(layers, n, y), g(layers, n, x)));
        for (int i = 0; i < layers.size(); i++) {
            if (!overrides.containsKey(layers.get(i).layer().tensorName())) {
                q.add(new int[] {i, 0});
            }
        }
        while (!q.isEmpty()) {
            int[] top = q.poll();
            long cost = memory.bytesPerRank(layers.get(top[0]));
            if (used + cost > budget) {
                continue;
            }
            used += cost;
            ranks[top[0]] = top[1] + 1;
            if (ranks[top[0]] < layers.get(top[0]).gap().maxRank()) {
                q.add(new int[] {top[0], ranks[top[0]]});
            }
        }
        return ranks;
    }

    private double g(List<LayerAnalysis> layers, long total, int[] x) {
        LayerAnalysis a = layers.get(x[0]);
        double s = a.gap().value(x[1]);
        return (double) a.layer().parameterCount() / total * s * s / (a.weightNorm() * a.weightNorm())
                / memory.bytesPerRank(a);
    }
}

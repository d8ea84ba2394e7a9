package dev.gluestick.model.tradeoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gluestick.model.InputException;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradeOffTest {

    private final LayerAnalysis flat = Fixtures.layer("flat", 256, 256, 64, 0.99, 10);
    private final LayerAnalysis steep = Fixtures.layer("steep", 256, 512, 64, 0.8, 10);
    private final MemoryModel memory = new MemoryModel(StorageForm.NM_COMPRESSED, DType.BF16, DType.BF16);
    private final TradeOff tradeOff = new TradeOff(List.of(flat, steep), 1000, memory);

    @Test
    void uniformRankIsCappedAtTheKnownSpectrum() {
        Allocation a = tradeOff.allocate(new RankPolicy.Uniform(100));
        assertThat(a.ranks()).containsExactly(64, 64);
        assertThat(a.capped()).containsExactly(true, true);
    }

    @Test
    void energyTargetPicksTheSmallestSufficientRankPerLayer() {
        Allocation a = tradeOff.allocate(new RankPolicy.EnergyTarget(0.5));
        for (int i = 0; i < 2; i++) {
            LayerAnalysis l = tradeOff.layers().get(i);
            int r = a.rank(i);
            assertThat(l.gap().energyFraction(r)).isGreaterThanOrEqualTo(0.5);
            assertThat(l.gap().energyFraction(r - 1)).isLessThan(0.5);
        }
        assertThat(a.rank(1)).as("steep spectrum needs fewer ranks").isLessThan(a.rank(0));
    }

    @Test
    void totalsAtRankZeroArePruningOnly() {
        ModelTotals t = tradeOff.totals(tradeOff.allocate(new RankPolicy.Uniform(0)));
        assertThat(t.correctionBytes()).isZero();
        assertThat(t.errorAfter()).isCloseTo(t.errorBefore(), within(1e-12));
        assertThat(t.modelBytes()).isEqualTo(1000 + memory.baseBytes(flat) + memory.baseBytes(steep));
        assertThat(t.meanEnergy()).isZero();
    }

    @Test
    void errorFallsAndMemoryGrowsWithRank() {
        ModelTotals[] curve = tradeOff.uniformCurve();
        assertThat(curve).hasSize(65);
        for (int r = 1; r < curve.length; r++) {
            assertThat(curve[r].errorAfter()).isLessThan(curve[r - 1].errorAfter());
            assertThat(curve[r].modelBytes()).isGreaterThan(curve[r - 1].modelBytes());
        }
    }

    @Test
    void budgetAllocationRespectsTheBudgetAndBeatsUniformAtTheSameMemory() {
        for (int uniform : new int[] {4, 16, 32}) {
            ModelTotals u = tradeOff.totals(tradeOff.allocate(new RankPolicy.Uniform(uniform)));
            Allocation b = tradeOff.allocate(new RankPolicy.Budget(u.modelBytes()));
            ModelTotals bt = tradeOff.totals(b);
            assertThat(bt.modelBytes()).isLessThanOrEqualTo(u.modelBytes());
            // The greedy maximizes size-weighted captured relative energy; check that objective.
            assertThat(capturedRelativeEnergy(b.ranks())).isGreaterThanOrEqualTo(capturedRelativeEnergy(new int[] {uniform, uniform}));
        }
    }

    private double capturedRelativeEnergy(int[] ranks) {
        double total = 0;
        long params = flat.layer().parameterCount() + steep.layer().parameterCount();
        for (int i = 0; i < ranks.length; i++) {
            LayerAnalysis l = tradeOff.layers().get(i);
            total += (double) l.layer().parameterCount() / params * l.gap().capturedEnergy(ranks[i])
                    / (l.weightNorm() * l.weightNorm());
        }
        return total;
    }

    @Test
    void budgetBelowThePrunedBaseIsRefusedWithTheSizes() {
        assertThatThrownBy(() -> tradeOff.allocate(new RankPolicy.Budget(2000)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("below the pruned model");
    }

    @Test
    void overridesWinOverThePolicy() {
        Allocation a = tradeOff.allocate(new RankPolicy.Uniform(8), Map.of("steep.weight", 20));
        assertThat(a.ranks()).containsExactly(8, 20);
    }

    @Test
    void layersPastBreakEvenAreCounted() {
        LayerAnalysis tiny = Fixtures.layer("tiny", 16, 16, 16, 0.9, 1);
        TradeOff t = new TradeOff(List.of(tiny), 0, memory);
        int be = memory.breakEvenRank(tiny);
        assertThat(t.totals(new int[] {be}).layersPastBreakEven()).isZero();
        assertThat(t.totals(new int[] {be + 1}).layersPastBreakEven()).isEqualTo(1);
    }

    @Test
    void parsesHumanSizes() {
        assertThat(Bytes.parse("1.5GiB")).isEqualTo(3L << 29);
        assertThat(Bytes.parse("800 MB")).isEqualTo(800L << 20);
        assertThat(Bytes.parse("123")).isEqualTo(123);
        assertThatThrownBy(() -> Bytes.parse("lots")).isInstanceOf(InputException.class);
    }
}

package dev.gluestick.views.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import dev.gluestick.views.fixture.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankViewModelTest {

    @TempDir
    Path dir;

    private RankViewModel rank;

    @BeforeEach
    void analyse() {
        rank = new Fixtures(dir, false).analysed().main.rank();
    }

    @Test
    void slidingUpAddsMemoryAndRemovesError() {
        rank.valueProperty().set(0);
        ModelTotals at0 = rank.totalsProperty().get();
        String text0 = rank.memoryTextProperty().get();
        rank.valueProperty().set(8);
        ModelTotals at8 = rank.totalsProperty().get();

        assertThat(at8.correctionBytes()).isGreaterThan(at0.correctionBytes());
        assertThat(at8.errorAfter()).isLessThan(at0.errorAfter());
        assertThat(at8.meanEnergy()).isGreaterThan(at0.meanEnergy());
        assertThat(at0.errorAfter()).isCloseTo(at0.errorBefore(), within(1e-12));
        assertThat(rank.memoryTextProperty().get()).isNotEqualTo(text0);
        assertThat(rank.valueTextProperty().get()).isEqualTo("rank 8");
        assertThat(rank.allocationProperty().get().ranks()).containsOnly(8);
    }

    @Test
    void uniformSliderSpansTheLargestKnownRank() {
        // layers are 16x24 and 32x24: at most 16 and 24 singular values
        assertThat(rank.maxProperty().get()).isEqualTo(24);
        rank.toMax();
        assertThat(rank.allocationProperty().get().ranks()).contains(16, 24);
        assertThat(rank.totalsProperty().get().meanEnergy()).isCloseTo(1.0, within(1e-6));
        assertThat(rank.totalsProperty().get().errorAfter()).isCloseTo(0.0, within(1e-3));
    }

    @Test
    void chartPointMovesWithTheSliderButTheCurveStays() {
        TradeOffCurve curve = rank.curveProperty().get();
        rank.valueProperty().set(2);
        double x2 = rank.pointMemoryProperty().get();
        double y2 = rank.pointErrorProperty().get();
        rank.valueProperty().set(12);

        assertThat(rank.curveProperty().get()).isSameAs(curve);
        assertThat(rank.pointMemoryProperty().get()).isGreaterThan(x2);
        assertThat(rank.pointErrorProperty().get()).isLessThan(y2);
        // the marker lies on the curve at the same uniform rank
        assertThat(curve.memoryAt(12)).isCloseTo(rank.pointMemoryProperty().get(), within(1e-9));
        assertThat(curve.errorAt(12)).isCloseTo(rank.pointErrorProperty().get(), within(1e-12));
    }

    @Test
    void storageFormChangesMemoryAndRebuildsTheCurve() {
        rank.valueProperty().set(4);
        long compressed = rank.totalsProperty().get().modelBytes();
        TradeOffCurve before = rank.curveProperty().get();
        rank.storageFormProperty().set(StorageForm.DENSE);
        assertThat(rank.totalsProperty().get().modelBytes()).isGreaterThan(compressed);
        assertThat(rank.curveProperty().get()).isNotSameAs(before);
        assertThat(rank.breakEvenTextProperty().get()).contains("past break-even");
    }

    @Test
    void factorDTypeDefaultsToTheSourceAndScalesCorrectionBytes() {
        assertThat(rank.factorDTypeProperty().get()).isEqualTo(DType.BF16);
        rank.valueProperty().set(4);
        long bf16 = rank.totalsProperty().get().correctionBytes();
        rank.factorDTypeProperty().set(DType.F32);
        assertThat(rank.totalsProperty().get().correctionBytes()).isEqualTo(2 * bf16);
    }

    @Test
    void energyModeKeepsTheModelWhereItWasAndMeetsTheTarget() {
        rank.valueProperty().set(6);
        double energy = rank.totalsProperty().get().meanEnergy();
        rank.modeProperty().set(RankMode.ENERGY);

        assertThat(rank.maxProperty().get()).isEqualTo(100);
        assertThat(rank.valueProperty().get()).isCloseTo(energy * 100, within(0.5));
        rank.valueProperty().set(90);
        assertThat(rank.allocationProperty().get().policy()).isEqualTo(new RankPolicy.EnergyTarget(0.9));
        var layers = rank.tradeOffProperty().get().layers();
        int[] ranks = rank.allocationProperty().get().ranks();
        for (int i = 0; i < ranks.length; i++) {
            assertThat(layers.get(i).gap().energyFraction(ranks[i])).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(rank.valueTextProperty().get()).isEqualTo("E(r) \u2265 90.0 %");
    }

    @Test
    void budgetModeStaysWithinTheBudgetAcrossTheWholeSlider() {
        rank.modeProperty().set(RankMode.BUDGET);
        for (double v = rank.minProperty().get(); v <= rank.maxProperty().get(); v += rank.pageProperty().get()) {
            rank.valueProperty().set(v);
            assertThat(rank.totalsProperty().get().modelBytes()).isLessThanOrEqualTo((long) Math.floor(v));
        }
        rank.toMin();
        assertThat(rank.totalsProperty().get().totalRank()).isZero();
    }

    @Test
    void overrideWinsOverTheSliderUntilCleared() {
        String name = rank.tradeOffProperty().get().layers().get(1).layer().tensorName();
        rank.valueProperty().set(3);
        rank.setOverride(name, 10);
        assertThat(rank.allocationProperty().get().rank(1)).isEqualTo(10);
        assertThat(rank.allocationProperty().get().rank(0)).isEqualTo(3);
        rank.valueProperty().set(5);
        assertThat(rank.allocationProperty().get().rank(1)).isEqualTo(10);
        rank.clearOverride(name);
        assertThat(rank.allocationProperty().get().rank(1)).isEqualTo(5);
    }

    @Test
    void arrowAndPageKeysStepWithinTheRange() {
        rank.valueProperty().set(0);
        rank.step(+1);
        assertThat(rank.valueProperty().get()).isEqualTo(1);
        rank.page(+1);
        assertThat(rank.valueProperty().get()).isEqualTo(1 + rank.pageProperty().get());
        rank.step(-100);
        assertThat(rank.valueProperty().get()).isZero();
        rank.page(+100);
        assertThat(rank.valueProperty().get()).isEqualTo(rank.maxProperty().get());
    }

    @Test
    void withoutAnAnalysisNothingIsAvailable() {
        rank.setAnalysis(null);
        assertThat(rank.availableProperty().get()).isFalse();
        assertThat(rank.totalsProperty().get()).isNull();
        assertThat(rank.memoryTextProperty().get()).contains("No analysis");
        rank.step(1); // no analysis: a key press must not throw
    }
}

package dev.gluestick.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightStatsTest {

    @Test
    void countsZerosNonFiniteAndNormOfFiniteValues() {
        WeightStats s = WeightStats.of(new float[] {3, 0, -0f, 4, Float.NaN, Float.NEGATIVE_INFINITY, 0, 0});
        assertThat(s.elements()).isEqualTo(8);
        assertThat(s.zeros()).isEqualTo(4);
        assertThat(s.sparsity()).isEqualTo(0.5);
        assertThat(s.nanCount()).isEqualTo(1);
        assertThat(s.infCount()).isEqualTo(1);
        assertThat(s.frobeniusNorm()).isCloseTo(5.0, within(1e-12));
        assertThat(s.hasNonFinite()).isTrue();
    }

    @Test
    void accumulatesInDoubleSoManySmallValuesAreNotLost() {
        float[] v = new float[20_000_000];
        java.util.Arrays.fill(v, 1f);
        // A float accumulator stalls at 2^24 = 16,777,216; the true sum of squares is 2e7.
        assertThat(WeightStats.of(v).frobeniusNorm()).isCloseTo(Math.sqrt(2e7), within(1e-6));
        assertThat(WeightStats.of(new float[0]).sparsity()).isZero();
    }
}

package dev.gluestick.model.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpectrumTest {

    // ||G||^2 = 9 + 4 + 1 + 1 (one value beyond the known top 3)
    private final Spectrum s = Spectrum.of(new float[] {3, 2, 1}, 15);

    @Test
    void prefixQuantitiesFollowEckartYoung() {
        assertThat(s.energyFraction(0)).isZero();
        assertThat(s.energyFraction(1)).isCloseTo(9.0 / 15, within(1e-12));
        assertThat(s.energyFraction(3)).isCloseTo(14.0 / 15, within(1e-12));
        assertThat(s.correctionNorm(2)).isCloseTo(Math.sqrt(13), within(1e-12));
        assertThat(s.residualNorm(2)).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(s.residualNorm(0)).isCloseTo(Math.sqrt(15), within(1e-12));
    }

    @Test
    void rankForEnergyIsTheSmallestRankReachingTheTarget() {
        assertThat(s.rankForEnergy(0)).isZero();
        assertThat(s.rankForEnergy(0.6)).isEqualTo(1);
        assertThat(s.rankForEnergy(0.61)).isEqualTo(2);
        assertThat(s.rankForEnergy(14.0 / 15)).isEqualTo(3);
        assertThat(s.rankForEnergy(0.99)).as("beyond the known spectrum").isEqualTo(-1);
    }

    @Test
    void zeroGapIsFullyCaptured() {
        assertThat(Spectrum.zero().energyFraction(0)).isEqualTo(1.0);
        assertThat(Spectrum.zero().residualNorm(0)).isZero();
    }

    @Test
    void rejectsAscendingOrNegativeValues() {
        assertThatThrownBy(() -> Spectrum.of(new float[] {1, 2}, 5)).hasMessageContaining("descending");
        assertThatThrownBy(() -> Spectrum.of(new float[] {Float.NaN}, 5)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> s.energyFraction(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

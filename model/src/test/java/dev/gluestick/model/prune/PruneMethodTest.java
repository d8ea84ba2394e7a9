package dev.gluestick.model.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import org.junit.jupiter.api.Test;

class PruneMethodTest {

    @Test
    void parsesEachMethodAndPattern() {
        assertThat(PruneMethod.parse("magnitude", 0.5, null)).isEqualTo(new PruneMethod.Magnitude(0.5));
        assertThat(PruneMethod.parse("Wanda", 0.3, null)).isEqualTo(new PruneMethod.Wanda(0.3));
        assertThat(PruneMethod.parse(" MAGNITUDE ", null, "2:4")).isEqualTo(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)));
        assertThat(PruneMethod.parse("wanda", null, " 4 : 8 ")).isEqualTo(new PruneMethod.WandaNM(new NMPattern(4, 8)));
        assertThat(PruneMethod.parse("magnitude", 0.0, null)).isEqualTo(new PruneMethod.Magnitude(0.0));
        assertThat(PruneMethod.parse("magnitude", 0.99, null)).isEqualTo(new PruneMethod.Magnitude(0.99));
    }

    @Test
    void describesAndReportsTargetAndCalibrationNeed() {
        PruneMethod nm = PruneMethod.parse("wanda", null, "2:4");
        assertThat(nm.describe()).isEqualTo("wanda 2:4");
        assertThat(nm.targetSparsity()).isEqualTo(0.5);
        assertThat(nm.needsCalibration()).isTrue();
        PruneMethod mag = PruneMethod.parse("magnitude", 0.50, null);
        assertThat(mag.describe()).isEqualTo("magnitude 0.5");
        assertThat(mag.needsCalibration()).isFalse();
        assertThat(mag.score()).isEqualTo(PruneMethod.Score.MAGNITUDE);
        assertThat(new NMPattern(4, 8).sparsity()).isEqualTo(0.5);
    }

    @Test
    void countsRoundHalfUpOnTheDecimalSpelling() {
        assertThat(PruneMethod.pruneCount(0.15, 10)).isEqualTo(2);
        assertThat(PruneMethod.pruneCount(0.5, 5)).isEqualTo(3);
        assertThat(PruneMethod.pruneCount(0.5, 4)).isEqualTo(2);
        assertThat(PruneMethod.pruneCount(0.99, 10)).isEqualTo(10);
        assertThat(PruneMethod.pruneCount(0.0, 45_088_768)).isZero();
        assertThat(PruneMethod.pruneCount(0.5, 11008L * 4096)).isEqualTo(22_544_384);
    }

    @Test
    void rejectsUnknownMethod() {
        assertThatThrownBy(() -> PruneMethod.parse("sparsegpt", 0.5, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("sparsegpt")
                .hasMessageContaining("magnitude or wanda");
    }

    @Test
    void rejectsBothSparsityAndPattern() {
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", 0.5, "2:4"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("exclusive");
    }

    @Test
    void rejectsNeitherSparsityNorPattern() {
        assertThatThrownBy(() -> PruneMethod.parse("wanda", null, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--sparsity")
                .hasMessageContaining("--nm");
    }

    @Test
    void rejectsSparsityOutsideZeroTo099() {
        for (double bad : new double[] {1.2, 1.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> PruneMethod.parse("magnitude", bad, null))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--sparsity " + bad)
                    .hasMessageContaining("0.99");
        }
    }

    @Test
    void rejectsPatternWithNNotBelowM() {
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, "4:2"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("4:2")
                .hasMessageContaining("smaller than M");
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, "4:4"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("smaller than M");
    }

    @Test
    void rejectsPatternWithZeroN() {
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, "0:4"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("0:4")
                .hasMessageContaining("at least 1");
    }

    @Test
    void rejectsPatternWithGroupTooSmallOrTooLarge() {
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, "1:1"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("between 2 and 1024");
        assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, "2:2048"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("between 2 and 1024");
    }

    @Test
    void methodRecordsRefuseAPatternThatKeepsNothing() {
        assertThatThrownBy(() -> new PruneMethod.MagnitudeNM(new NMPattern(0, 4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PruneMethod.WandaNM(new NMPattern(0, 8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PruneMethod.Magnitude(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsPatternThatIsNotNColonM() {
        for (String bad : new String[] {"2-4", "a:b", "2:", ":4", "", "2:4:8", "-2:4", "99999999999:4"}) {
            assertThatThrownBy(() -> PruneMethod.parse("magnitude", null, bad))
                    .as(bad)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("not of the form N:M");
        }
    }
}

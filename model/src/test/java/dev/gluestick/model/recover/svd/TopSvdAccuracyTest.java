package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product's accuracy contract for the top-k spectrum, checked against LAPACK's full sgesdd
 * on flat, decaying and rank-deficient matrices: every top-k singular value within 1e-3 relative,
 * E(r) within 1e-3 absolute for every r <= k, and ||G - A B||_F equal to the predicted residual
 * to 1e-4 relative.
 */
class TopSvdAccuracyTest {

    private static final double VALUE_TOLERANCE = 1e-3;
    private static final double ENERGY_TOLERANCE = 1e-3;
    private static final double RESIDUAL_TOLERANCE = 1e-4;
    /** Exact zeros come back as float noise of order eps * s_1 from every method, LAPACK included. */
    private static final double ZERO_FLOOR = 1e-5;

    static Stream<Arguments> matrices() {
        return Stream.of(
                Arguments.of("2:4 magnitude gap of a Gaussian 512 x 512", 512, 512, 128,
                        SyntheticMatrices.magnitudePrunedGap(512, 512, 2, 4, 11)),
                Arguments.of("2:4 magnitude gap, tall 768 x 256", 768, 256, 64,
                        SyntheticMatrices.magnitudePrunedGap(768, 256, 2, 4, 12)),
                Arguments.of("Gaussian, wide 300 x 700", 300, 700, 100, SyntheticMatrices.gaussian(300, 700, 13)),
                Arguments.of("harmonic s_i = 1/i, 1024 x 1024", 1024, 1024, 256, SyntheticMatrices.harmonic(1024, 1024, 14)),
                Arguments.of("harmonic s_i = 1/i, wide 256 x 640", 256, 640, 200, SyntheticMatrices.harmonic(256, 640, 15)),
                Arguments.of("exponential tau = 40, 500 x 500", 500, 500, 128, SyntheticMatrices.exponential(500, 500, 40, 16)),
                Arguments.of("rank 12 of 200 x 150", 200, 150, 40, SyntheticMatrices.lowRank(200, 150, 12, 17)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void topValuesAndEnergiesMatchTheFullLapackSvd(String name, int rows, int cols, int k, float[] g) {
        SvdResult top = TopSvd.compute(g, rows, cols, k);
        SingularValues exact = TopSvd.exactValues(g, rows, cols);

        assertThat(top.k()).isEqualTo(k);
        assertThat(top.method()).isEqualTo(SvdMethod.GRAM_RITZ);
        assertThat(top.totalEnergy()).isEqualTo(exact.totalEnergy());
        double s1 = exact.value(0);
        for (int i = 0; i < k; i++) {
            double want = exact.value(i);
            assertThat((double) top.value(i))
                    .as("s_%d of %s", i + 1, name)
                    .isCloseTo(want, org.assertj.core.data.Offset.offset(VALUE_TOLERANCE * want + ZERO_FLOOR * s1));
        }
        for (int r = 0; r <= k; r++) {
            assertThat(top.capturedEnergy(r))
                    .as("E(%d) of %s", r, name)
                    .isCloseTo(exact.capturedEnergy(r), org.assertj.core.data.Offset.offset(ENERGY_TOLERANCE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void correctionResidualEqualsThePredictedTailEnergy(String name, int rows, int cols, int k, float[] g) {
        SvdResult top = TopSvd.compute(g, rows, cols, k);
        for (int r : new int[] {k, k / 2, 8, 1}) {
            double predicted = top.values().residualNorm(r);
            double measured = Residuals.residualNorm(g, top.correction(r));
            if (predicted < 1e-3 * Math.sqrt(top.totalEnergy())) {
                // Rank-deficient and r >= rank: nothing left but rounding, on both sides.
                assertThat(measured).as("residual at r = %d of %s", r, name).isLessThan(1e-4 * Math.sqrt(top.totalEnergy()));
            } else {
                assertThat(measured)
                        .as("residual at r = %d of %s", r, name)
                        .isCloseTo(predicted, org.assertj.core.data.Offset.offset(RESIDUAL_TOLERANCE * predicted));
            }
        }
    }
}

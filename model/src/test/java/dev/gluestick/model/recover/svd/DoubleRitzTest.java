package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The double-precision projection streams G in row blocks; the block size must not matter. */
class DoubleRitzTest {

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"90, 60", "60, 90"})
    void blockedProjectionEqualsSingleBlockProjection(int rows, int cols) {
        float[] g = SyntheticMatrices.harmonic(rows, cols, 51);
        int q = Math.min(rows, cols);
        int l = 24;
        int k = 16;
        float[] start = SyntheticMatrices.gaussian(q, l, 52);
        double total = Residuals.frobeniusSquared(g);
        SvdResult single;
        SvdResult blocked;
        try (NativeMatrix v = NativeMatrix.ofColumnMajor(start, q, l)) {
            single = DoubleRitz.project(g, rows, cols, v, k, total, 1, 1L << 22);
            // 7 rows of G per block: uneven blocks, several of them, on both the tall and wide paths.
            blocked = DoubleRitz.project(g, rows, cols, v, k, total, 1, 7L * cols);
        }
        for (int i = 0; i < k; i++) {
            assertThat(blocked.value(i)).isCloseTo(single.value(i), offset(1e-6f * single.value(0)));
        }
        for (int r : new int[] {k, 4}) {
            double predicted = blocked.values().residualNorm(r);
            assertThat(Residuals.residualNorm(g, blocked.correction(r))).isCloseTo(predicted, offset(1e-5 * predicted));
        }
    }
}

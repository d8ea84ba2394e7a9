package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/**
 * The adaptive part of {@link GramRitzSvd}: the residual test must keep iterating from a poor
 * subspace until the values are right, and hand over to sgesvdx when it runs out of steps.
 */
class GramRitzSvdTest {

    @Test
    void iteratesFromARandomSubspaceUntilTheResidualTestPasses() {
        int rows = 300;
        int cols = 200;
        int k = 20;
        float[] g = SyntheticMatrices.exponential(rows, cols, 8, 31);
        SvdResult refined = refineFromRandom(g, rows, cols, k, 40, GramRitzSvd.MAX_ITERATIONS);
        SingularValues exact = TopSvd.exactValues(g, rows, cols);

        assertThat(refined.method()).isEqualTo(SvdMethod.GRAM_RITZ);
        assertThat(refined.iterations()).isGreaterThan(1);
        for (int i = 0; i < k; i++) {
            assertThat(refined.value(i)).isCloseTo(exact.value(i), offset(1e-3f * exact.value(i)));
        }
    }

    @Test
    void fallsBackToLapackWhenItDoesNotConverge() {
        int rows = 150;
        int cols = 150;
        int k = 30;
        // A flat spectrum from a random start cannot converge in two steps.
        float[] g = SyntheticMatrices.gaussian(rows, cols, 32);
        SvdResult result = refineFromRandom(g, rows, cols, k, 40, 2);
        SingularValues exact = TopSvd.exactValues(g, rows, cols);

        assertThat(result.method()).isEqualTo(SvdMethod.GESVDX);
        for (int i = 0; i < k; i++) {
            assertThat(result.value(i)).isCloseTo(exact.value(i), offset(1e-4f * exact.value(i)));
        }
    }

    @Test
    void residualTestRejectsAnUnconvergedPair() {
        // T = diag(2, 1) seen through the Ritz pair (u, v) = (e1, (e1 + e2)/sqrt 2) with theta = 2:
        // T^T u = (2, 0) is far from theta v.
        float h = (float) Math.sqrt(0.5);
        try (NativeMatrix z = NativeMatrix.ofColumnMajor(new float[] {2, 0}, 2, 1);
                NativeMatrix vr = NativeMatrix.ofColumnMajor(new float[] {h, h}, 2, 1);
                NativeMatrix exactZ = NativeMatrix.ofColumnMajor(new float[] {2, 0}, 2, 1);
                NativeMatrix exactV = NativeMatrix.ofColumnMajor(new float[] {1, 0}, 2, 1)) {
            assertThat(GramRitzSvd.converged(z, vr, new float[] {2}, 1)).isFalse();
            assertThat(GramRitzSvd.converged(exactZ, exactV, new float[] {2}, 1)).isTrue();
        }
    }

    private static SvdResult refineFromRandom(float[] g, int rows, int cols, int k, int l, int maxIterations) {
        int q = Math.min(rows, cols);
        NativeMatrix start = NativeMatrix.ofColumnMajor(SyntheticMatrices.gaussian(q, l, 99), q, l);
        Lapack.orthonormalizeColumns(start);
        try (NativeMatrix b = NativeMatrix.transposeOfRowMajor(g, rows, cols)) {
            return GramRitzSvd.refine(g, rows, cols, k, Residuals.frobeniusSquared(g), b, start, maxIterations);
        }
    }
}

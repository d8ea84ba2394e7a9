package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shapes, layouts, capping and input rules of {@link TopSvd}, for every method. */
class TopSvdTest {

    @ParameterizedTest
    @EnumSource(SvdMethod.class)
    void readsRowMajorInputNotColumnMajor(SvdMethod method) {
        // [[1, 2, 3], [4, 5, 6]]: read column-major by mistake it would be [[1, 3, 5], [2, 4, 6]],
        // whose singular values are 9.5255, 0.5143 instead of 9.5080, 0.7729 (the C-order trap).
        float[] g = {1, 2, 3, 4, 5, 6};
        SvdResult svd = TopSvd.compute(g, 2, 3, 2, method);
        assertThat(svd.value(0)).isCloseTo(9.508032f, offset(1e-4f));
        assertThat(svd.value(1)).isCloseTo(0.7728696f, offset(1e-4f));
        assertReconstructs(g, svd, 1e-5);
    }

    @ParameterizedTest
    @EnumSource(SvdMethod.class)
    void fullRankFactorsReconstructTallAndWideMatrices(SvdMethod method) {
        for (int[] shape : new int[][] {{40, 25}, {25, 40}, {33, 33}}) {
            float[] g = SyntheticMatrices.gaussian(shape[0], shape[1], 5);
            SvdResult svd = TopSvd.compute(g, shape[0], shape[1], Math.min(shape[0], shape[1]), method);
            assertReconstructs(g, svd, 1e-5);
            assertOrthonormalColumns(svd.u(), shape[0], svd.k());
            assertOrthonormalRows(svd.vt(), svd.k(), shape[1]);
        }
    }

    @Test
    void capsTheRankAtTheSmallerSide() {
        float[] g = SyntheticMatrices.gaussian(30, 20, 3);
        SvdResult svd = TopSvd.compute(g, 30, 20, 1000);
        assertThat(svd.k()).isEqualTo(20);
        assertThat(svd.u()).hasSize(30 * 20);
        assertThat(svd.vt()).hasSize(20 * 20);
        assertThat(svd.capturedEnergy(20)).isCloseTo(1.0, offset(1e-6));
    }

    @Test
    void handlesOneByOneAndThreeByFive() {
        SvdResult one = TopSvd.compute(new float[] {-3f}, 1, 1, 4);
        assertThat(one.k()).isEqualTo(1);
        assertThat(one.value(0)).isEqualTo(3f);
        assertThat(one.u()[0] * one.vt()[0]).isEqualTo(-1f);
        assertThat(one.totalEnergy()).isEqualTo(9.0);

        float[] g = SyntheticMatrices.gaussian(3, 5, 8);
        SvdResult top = TopSvd.compute(g, 3, 5, 7);
        SvdResult exact = TopSvd.exact(g, 3, 5);
        assertThat(top.k()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(top.value(i)).isCloseTo(exact.value(i), offset(1e-5f * exact.value(0)));
        }
        assertReconstructs(g, top, 1e-5);
    }

    @Test
    void methodsAgreeOnTheTopValues() {
        float[] g = SyntheticMatrices.magnitudePrunedGap(200, 120, 2, 4, 21);
        SvdResult ritz = TopSvd.compute(g, 200, 120, 30, SvdMethod.GRAM_RITZ);
        SvdResult gesvdx = TopSvd.compute(g, 200, 120, 30, SvdMethod.GESVDX);
        SvdResult gesdd = TopSvd.compute(g, 200, 120, 30, SvdMethod.GESDD);
        for (int i = 0; i < 30; i++) {
            assertThat(ritz.value(i)).isCloseTo(gesdd.value(i), offset(1e-4f * gesdd.value(i)));
            assertThat(gesvdx.value(i)).isCloseTo(gesdd.value(i), offset(1e-4f * gesdd.value(i)));
        }
        assertThat(gesdd.method()).isEqualTo(SvdMethod.GESDD);
        assertThat(gesvdx.method()).isEqualTo(SvdMethod.GESVDX);
    }

    @Test
    void zeroMatrixHasZeroSpectrumAndFullEnergy() {
        SvdResult svd = TopSvd.compute(new float[12 * 7], 12, 7, 5);
        assertThat(svd.s()).containsOnly(0f);
        assertThat(svd.totalEnergy()).isZero();
        assertThat(svd.capturedEnergy(3)).isEqualTo(1.0);
        assertThat(Residuals.residualNorm(new float[12 * 7], svd.correction(5))).isZero();
    }

    @Test
    void rankZeroGivesAnEmptyResultWithTheTotalEnergy() {
        float[] g = {3, 4};
        SvdResult svd = TopSvd.compute(g, 1, 2, 0);
        assertThat(svd.k()).isZero();
        assertThat(svd.totalEnergy()).isEqualTo(25.0);
        assertThat(svd.values().residualNorm(0)).isEqualTo(5.0);
    }

    @Test
    void valuesOnlyMatchTheTriplets() {
        float[] g = SyntheticMatrices.harmonic(90, 60, 4);
        SingularValues values = TopSvd.values(g, 90, 60, 20);
        SingularValues exact = TopSvd.exactValues(g, 90, 60);
        assertThat(values.count()).isEqualTo(20);
        assertThat(exact.count()).isEqualTo(60);
        for (int i = 0; i < 20; i++) {
            assertThat(values.value(i)).isCloseTo(exact.value(i), offset(1e-4f * exact.value(i)));
        }
        assertThat(values.toSpectrum().capturedEnergy(20)).isCloseTo(values.capturedEnergy(20) * values.totalEnergy(), offset(1e-9));
    }

    @Test
    void releasesEveryNativeBufferItAllocates() {
        // A 7B model streams hundreds of layers through here: native memory must return to where it was.
        float[] tall = SyntheticMatrices.harmonic(160, 96, 61);
        float[] wide = SyntheticMatrices.magnitudePrunedGap(96, 160, 2, 4, 62);
        TopSvd.compute(tall, 160, 96, 8); // loads the natives and any one-time buffers
        long before = org.bytedeco.javacpp.Pointer.totalBytes();
        for (SvdMethod method : SvdMethod.values()) {
            SvdResult a = TopSvd.compute(tall, 160, 96, 32, method);
            SvdResult b = TopSvd.compute(wide, 96, 160, 32, method);
            Residuals.residualNorm(tall, a.correction(32));
            Residuals.residualNorm(wide, b.correction(16));
        }
        TopSvd.exactValues(wide, 96, 160);
        assertThat(org.bytedeco.javacpp.Pointer.totalBytes()).isEqualTo(before);
    }

    @Test
    void rejectsNaN() {
        float[] g = SyntheticMatrices.gaussian(4, 4, 1);
        g[5] = Float.NaN;
        assertThatThrownBy(() -> TopSvd.compute(g, 4, 4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element 5 is NaN");
    }

    @Test
    void rejectsInfinity() {
        float[] g = SyntheticMatrices.gaussian(4, 4, 1);
        g[0] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> TopSvd.compute(g, 4, 4, 2)).hasMessageContaining("element 0 is -Infinity");
    }

    @Test
    void rejectsAnArrayOfTheWrongLength() {
        assertThatThrownBy(() -> TopSvd.compute(new float[11], 3, 4, 2)).hasMessageContaining("not a 3 x 4 matrix");
    }

    @Test
    void rejectsNegativeRank() {
        assertThatThrownBy(() -> TopSvd.compute(new float[12], 3, 4, -1)).hasMessageContaining("negative rank");
    }

    @Test
    void resultArraysAreDefensiveCopies() {
        SvdResult svd = TopSvd.compute(new float[] {1, 2, 3, 4}, 2, 2, 2);
        float[] s = svd.s();
        s[0] = 100;
        svd.u()[0] = 100;
        assertThat(svd.value(0)).isNotEqualTo(100f);
        assertReconstructs(new float[] {1, 2, 3, 4}, svd, 1e-5);
    }

    static void assertReconstructs(float[] g, SvdResult svd, double relative) {
        double norm = Math.sqrt(svd.totalEnergy());
        assertThat(Residuals.residualNorm(g, svd.correction(svd.k()))).isLessThan(relative * norm);
    }

    static void assertOrthonormalColumns(float[] rowMajor, int rows, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += (double) rowMajor[i * k + a] * rowMajor[i * k + b];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, offset(1e-5));
            }
        }
    }

    static void assertOrthonormalRows(float[] rowMajor, int k, int cols) {
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += (double) rowMajor[a * cols + j] * rowMajor[b * cols + j];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, offset(1e-5));
            }
        }
    }
}

package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class ResidualsTest {

    @Test
    void residualNormMatchesANaiveDoubleLoop() {
        int rows = 300; // more than one row block
        int cols = 70;
        int r = 5;
        float[] g = SyntheticMatrices.gaussian(rows, cols, 41);
        float[] a = SyntheticMatrices.gaussian(rows, r, 42);
        float[] b = SyntheticMatrices.gaussian(r, cols, 43);
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double ab = 0;
                for (int t = 0; t < r; t++) {
                    ab += (double) a[i * r + t] * b[t * cols + j];
                }
                double d = g[i * cols + j] - ab;
                sum += d * d;
            }
        }
        double got = Residuals.residualNorm(g, new Correction(rows, cols, r, a, b));
        assertThat(got).isCloseTo(Math.sqrt(sum), offset(1e-12 * Math.sqrt(sum)));
    }

    @Test
    void rankZeroResidualIsTheFrobeniusNorm() {
        float[] g = {3, 0, 0, 4};
        assertThat(Residuals.residualNorm(g, new Correction(2, 2, 0, new float[0], new float[0]))).isEqualTo(5.0);
    }

    @Test
    void rejectsAMatrixOfAnotherShape() {
        assertThatThrownBy(() -> Residuals.residualNorm(new float[6], new Correction(2, 2, 0, new float[0], new float[0])))
                .hasMessageContaining("not 2 x 2");
    }

    @Test
    void correctionSlicesFoldTheValuesIntoA() {
        SvdResult svd = TopSvd.compute(new float[] {2, 0, 0, 0, 1, 0}, 2, 3, 2);
        Correction c = svd.correction(1);
        assertThat(c.rank()).isEqualTo(1);
        assertThat(Math.abs(c.a()[0])).isCloseTo(2f, offset(1e-6f));
        assertThat(c.a()[1]).isCloseTo(0f, offset(1e-6f));
        assertThat(Math.abs(c.b()[0])).isCloseTo(1f, offset(1e-6f));
        assertThat(c.parameterCount()).isEqualTo(5);
        assertThatThrownBy(() -> svd.correction(3)).hasMessageContaining("rank 3 outside 0..2");
    }
}

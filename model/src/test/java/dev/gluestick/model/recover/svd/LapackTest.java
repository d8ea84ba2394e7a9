package dev.gluestick.model.recover.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class LapackTest {

    @Test
    void symmetricTopReturnsLargestEigenpairsDescending() {
        // diag(1, 5, 3) with vectors e1, e2, e3.
        float[] sym = {1, 0, 0, 0, 5, 0, 0, 0, 3};
        try (NativeMatrix a = NativeMatrix.ofColumnMajor(sym, 3, 3);
                Lapack.Eigen eig = Lapack.symmetricTop(a, 2, true)) {
            assertThat(eig.values()).containsExactly(5f, 3f);
            float[] v = eig.vectors().toColumnMajor();
            assertThat(Math.abs(v[1])).isCloseTo(1f, offset(1e-6f));
            assertThat(Math.abs(v[3 + 2])).isCloseTo(1f, offset(1e-6f));
        }
    }

    @Test
    void orthonormalizeColumnsKeepsTheSpan() {
        float[] cols = {3, 4, 0, 1, 1, 1};
        try (NativeMatrix a = NativeMatrix.ofColumnMajor(cols, 3, 2)) {
            Lapack.orthonormalizeColumns(a);
            float[] q = a.toColumnMajor();
            assertThat(Math.abs(q[0] * 5)).isCloseTo(3f, offset(1e-5f));
            double dot = q[0] * q[3] + q[1] * q[4] + q[2] * q[5];
            assertThat(dot).isCloseTo(0, offset(1e-6));
        }
    }

    @Test
    void gemmRejectsMismatchedShapes() {
        try (NativeMatrix a = NativeMatrix.zeros(2, 3);
                NativeMatrix b = NativeMatrix.zeros(2, 3);
                NativeMatrix c = NativeMatrix.zeros(2, 3)) {
            assertThatThrownBy(() -> Lapack.gemm(Lapack.Op.N, Lapack.Op.N, 1f, a, b, 0f, c))
                    .hasMessageContaining("shapes do not agree");
        }
    }

    @Test
    void positiveInfoIsANonConvergenceException() {
        assertThatThrownBy(() -> Lapack.check("sgesdd", 7, "4 x 4"))
                .isInstanceOf(LapackException.class)
                .hasMessage("sgesdd failed (info = 7): did not converge on a 4 x 4 matrix");
    }

    @Test
    void workspaceFailureIsReportedAsSuch() {
        assertThatThrownBy(() -> Lapack.check("ssyevr", -1010, "8 x 8")).hasMessageContaining("could not allocate native workspace");
    }

    @Test
    void closedMatrixCannotBeUsed() {
        NativeMatrix m = NativeMatrix.zeros(2, 2);
        m.close();
        m.close();
        assertThatThrownBy(m::pointer).hasMessageContaining("closed");
    }

    @Test
    void transposeOfRowMajorIsFree() {
        try (NativeMatrix t = NativeMatrix.transposeOfRowMajor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
            assertThat(t.rows()).isEqualTo(3);
            assertThat(t.cols()).isEqualTo(2);
            // Column 0 of G^T is row 0 of G.
            assertThat(t.toColumnMajor()).containsExactly(1, 2, 3, 4, 5, 6);
            // Transposing all of G^T gives back G; its first two rows [[1, 4], [2, 5]] transpose to [[1, 2], [4, 5]].
            assertThat(t.leadingRowsTransposedRowMajor(3)).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(t.leadingRowsTransposedRowMajor(2)).containsExactly(1, 2, 4, 5);
        }
    }
}

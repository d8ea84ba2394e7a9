package dev.gluestick.model.recover.svd;

/**
 * The top-k singular triplets (or values) of a row-major float matrix, for the spectra and
 * corrections of the pruning gap {@code G = W - Wp}.
 *
 * <p>k is capped at {@code min(rows, cols)}. The total energy {@code ||G||_F^2} is always summed
 * exactly from G in double, so {@code E(r)} is exact for every r without a full SVD. The default
 * method, {@link SvdMethod#GRAM_RITZ}, was chosen by measurement (docs/decisions/0001-top-k-svd.md)
 * and checks its own accuracy: every returned singular value within {@code 1e-4} relative (or
 * {@code 1e-6 s_1} absolute) by a residual test, else it falls back to LAPACK {@code sgesvdx}.
 * Native memory is released before each method returns.
 */
public final class TopSvd {

    private TopSvd() {}

    /** The top {@code k} triplets by the default method. */
    public static SvdResult compute(float[] g, int rows, int cols, int k) {
        return compute(g, rows, cols, k, SvdMethod.GRAM_RITZ);
    }

    /** The top {@code k} triplets by the given method (the others are there to compare against). */
    public static SvdResult compute(float[] g, int rows, int cols, int k, SvdMethod method) {
        int kk = cappedRank(g, rows, cols, k);
        double total = Residuals.frobeniusSquared(g);
        if (kk == 0) {
            return new SvdResult(rows, cols, new float[0], new float[0], new float[0], total, method, 0);
        }
        return switch (method) {
            case GRAM_RITZ -> GramRitzSvd.compute(g, rows, cols, kk, total);
            case GESVDX -> gesvdx(g, rows, cols, kk, total);
            case GESDD -> gesdd(g, rows, cols, kk, total);
        };
    }

    /** The full thin SVD (all {@code min(rows, cols)} triplets) by {@code sgesdd}: the reference. */
    public static SvdResult exact(float[] g, int rows, int cols) {
        return compute(g, rows, cols, Math.min(rows, cols), SvdMethod.GESDD);
    }

    /**
     * The top {@code k} singular values only. Currently the same work as {@link #compute} minus
     * the copies of U and V: measured, no values-only LAPACK path was both cheaper and as accurate
     * (see docs/decisions/0001-top-k-svd.md).
     */
    public static SingularValues values(float[] g, int rows, int cols, int k) {
        return compute(g, rows, cols, k).values();
    }

    /** All singular values by {@code sgesdd} without vectors: the reference spectrum. */
    public static SingularValues exactValues(float[] g, int rows, int cols) {
        int q = cappedRank(g, rows, cols, Math.min(rows, cols));
        double total = Residuals.frobeniusSquared(g);
        if (q == 0) {
            return new SingularValues(rows, cols, new float[0], total);
        }
        try (NativeMatrix b = NativeMatrix.transposeOfRowMajor(g, rows, cols);
                Lapack.Svd svd = Lapack.gesdd(b, false)) {
            return new SingularValues(rows, cols, svd.s(), total);
        }
    }

    private static int cappedRank(float[] g, int rows, int cols, int k) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + " x " + cols);
        }
        if (g.length != (long) rows * cols) {
            throw new IllegalArgumentException("array of length " + g.length + " is not a " + rows + " x " + cols + " matrix");
        }
        if (k < 0) {
            throw new IllegalArgumentException("negative rank " + k);
        }
        return Math.min(k, Math.min(rows, cols));
    }

    // The row-major G buffer, read column-major, is B = G^T (cols x rows): B = Ub S VTb means
    // G = VTb^T S Ub^T, so U_G is VTb transposed and V_G^T is Ub transposed.

    private static SvdResult gesdd(float[] g, int rows, int cols, int k, double total) {
        try (NativeMatrix b = NativeMatrix.transposeOfRowMajor(g, rows, cols);
                Lapack.Svd svd = Lapack.gesdd(b, true)) {
            return fromTransposed(rows, cols, k, svd, total, SvdMethod.GESDD);
        }
    }

    private static SvdResult gesvdx(float[] g, int rows, int cols, int k, double total) {
        try (NativeMatrix b = NativeMatrix.transposeOfRowMajor(g, rows, cols);
                Lapack.Svd svd = Lapack.gesvdx(b, k, true)) {
            return fromTransposed(rows, cols, k, svd, total, SvdMethod.GESVDX);
        }
    }

    private static SvdResult fromTransposed(int rows, int cols, int k, Lapack.Svd svd, double total, SvdMethod method) {
        float[] s = new float[k];
        System.arraycopy(svd.s(), 0, s, 0, k);
        float[] u = svd.vt().leadingRowsTransposedRowMajor(k);
        float[] vt = svd.u().leadingColumnsTransposedRowMajor(k);
        return new SvdResult(rows, cols, s, u, vt, total, method, 0);
    }
}

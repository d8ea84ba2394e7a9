package dev.gluestick.model.recover.svd;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The last Rayleigh-Ritz projection of {@link GramRitzSvd}, in double precision.
 *
 * <p>Why: the correction's residual must match {@code sqrt(||G||^2 - sum s_i^2)} to 1e-4
 * relative, and when E(k) is close to 1 that difference is a small number obtained by
 * cancellation. Float Ritz triplets satisfy {@code G v_i = s_i u_i} and orthonormality only to
 * about 1e-7 each, and over hundreds of triplets that showed up as a 1.2e-4 mismatch on a
 * harmonic spectrum. In double those identities hold to 1e-15, and rounding A and B to float
 * afterwards changes {@code ||G - A B||} only to second order (the residual is orthogonal to
 * both factors). Cost: one double GEMM of the p x q matrix with l columns, streamed from the
 * float matrix in row blocks so no double copy of G is ever held.
 */
final class DoubleRitz {

    /** Doubles per converted block of G (32 MB). */
    private static final long BLOCK_DOUBLES = 1L << 22;

    private DoubleRitz() {}

    /**
     * Ritz triplets of T for the subspace spanned by the columns of {@code v} (q x l, float), where
     * {@code T = G} ({@code tall}) or {@code G^T}, G row-major {@code rows x cols}.
     */
    static SvdResult project(float[] g, int rows, int cols, NativeMatrix v, int k, double totalEnergy, int iterations) {
        return project(g, rows, cols, v, k, totalEnergy, iterations, BLOCK_DOUBLES);
    }

    /** As above with {@code blockDoubles} per converted block of G (tests use tiny blocks). */
    static SvdResult project(float[] g, int rows, int cols, NativeMatrix v, int k, double totalEnergy, int iterations,
            long blockDoubles) {
        boolean tall = rows >= cols;
        int p = Math.max(rows, cols);
        int q = Math.min(rows, cols);
        int l = v.cols();
        try (DoublePointer vd = new DoublePointer((long) q * l);
                DoublePointer yd = new DoublePointer((long) p * l);
                DoublePointer s = new DoublePointer(l);
                DoublePointer ud = new DoublePointer((long) p * l);
                DoublePointer wt = new DoublePointer((long) l * l);
                DoublePointer vr = new DoublePointer((long) q * l)) {
            vd.put(toDouble(v.toColumnMajor()), 0, q * l);
            orthonormalize(vd, q, l);
            multiplyT(g, rows, cols, tall, vd, l, yd, blockDoubles);
            check("dgesdd", openblas.LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'S', p, l, yd, p, s, ud, p, wt, l));
            openblas.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, q, l, l, 1.0, vd, q, wt, l, 0.0, vr, q);

            double[] values = new double[l];
            s.get(values, 0, l);
            float[] sk = new float[k];
            for (int i = 0; i < k; i++) {
                sk[i] = (float) values[i];
            }
            // T's left vectors are ud (p x l), its right vectors vr (q x l).
            DoublePointer left = tall ? ud : vr;
            int leftRows = tall ? p : q;
            DoublePointer right = tall ? vr : ud;
            int rightRows = tall ? q : p;
            float[] u = leadingColumnsRowMajor(left, leftRows, k);
            float[] vt = leadingColumnsTransposed(right, rightRows, k);
            return new SvdResult(rows, cols, sk, u, vt, totalEnergy, SvdMethod.GRAM_RITZ, iterations);
        }
    }

    /**
     * {@code y = T vd} with T = G (tall) or G^T (wide); the row-major G buffer is the column-major
     * {@code B = G^T} (cols x rows) whose column j is G's row j, converted a block of columns at a time.
     */
    private static void multiplyT(float[] g, int rows, int cols, boolean tall, DoublePointer vd, int l, DoublePointer y,
            long blockDoubles) {
        int p = Math.max(rows, cols);
        int q = Math.min(rows, cols);
        int nb = (int) Math.max(1, Math.min(rows, blockDoubles / Math.max(1, cols)));
        try (DoublePointer block = new DoublePointer((long) cols * nb)) {
            double[] buffer = new double[cols * nb];
            for (int j0 = 0; j0 < rows; j0 += nb) {
                int n = Math.min(nb, rows - j0);
                for (int i = 0; i < n * cols; i++) {
                    buffer[i] = g[j0 * cols + i];
                }
                block.put(buffer, 0, n * cols);
                if (tall) {
                    // Rows j0.. of y = B[:, blk]^T vd  (vd is cols x l).
                    DoublePointer target = new DoublePointer(y).position(j0);
                    openblas.cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, n, l, cols, 1.0, block, cols, vd, q, 0.0, target, p);
                } else {
                    // y = sum over blocks of B[:, blk] vd[blk, :]  (vd is rows x l).
                    DoublePointer source = new DoublePointer(vd).position(j0);
                    openblas.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, cols, l, n, 1.0, block, cols, source, q,
                            j0 == 0 ? 0.0 : 1.0, y, p);
                }
            }
        }
    }

    private static void orthonormalize(DoublePointer a, int m, int n) {
        try (DoublePointer tau = new DoublePointer(n)) {
            check("dgeqrf", openblas.LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, m, tau));
            check("dorgqr", openblas.LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, n, n, a, m, tau));
        }
    }

    private static float[] leadingColumnsRowMajor(DoublePointer a, int rows, int k) {
        double[] colMajor = new double[rows * k];
        a.get(colMajor, 0, colMajor.length);
        float[] out = new float[colMajor.length];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < rows; i++) {
                out[i * k + j] = (float) colMajor[j * rows + i];
            }
        }
        return out;
    }

    private static float[] leadingColumnsTransposed(DoublePointer a, int rows, int k) {
        double[] colMajor = new double[rows * k];
        a.get(colMajor, 0, colMajor.length);
        float[] out = new float[colMajor.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) colMajor[i];
        }
        return out;
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static void check(String routine, int info) {
        Lapack.check(routine, info, "Ritz projection");
    }
}

package dev.gluestick.model.recover.svd;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The handful of BLAS/LAPACK routines the spectra need, called on OpenBLAS through the JavaCPP
 * binding ND4J ships (ND4J's own SVD is wrong on C-order input and about 30x slower; see
 * docs/decisions/0001-top-k-svd.md).
 *
 * <p>Everything is column-major {@link NativeMatrix}. Every {@code info} code is checked: a
 * failure is a {@link LapackException}, never a silently wrong result. Arguments documented as
 * destroyed hold garbage afterwards. Outputs are new matrices owned by the caller.
 */
public final class Lapack {

    /** LAPACKE's own codes for a failed workspace allocation. */
    private static final int LAPACK_WORK_MEMORY_ERROR = -1010;
    private static final int LAPACK_TRANSPOSE_MEMORY_ERROR = -1011;

    private Lapack() {}

    /** Whether a BLAS operand is used as stored or transposed. */
    public enum Op {
        N,
        T;

        int cblas() {
            return this == N ? CblasNoTrans : CblasTrans;
        }
    }

    /** {@code C = alpha * op(A) op(B) + beta * C}. */
    public static void gemm(Op opA, Op opB, float alpha, NativeMatrix a, NativeMatrix b, float beta, NativeMatrix c) {
        int m = opA == Op.N ? a.rows() : a.cols();
        int k = opA == Op.N ? a.cols() : a.rows();
        int kb = opB == Op.N ? b.rows() : b.cols();
        int n = opB == Op.N ? b.cols() : b.rows();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not agree: op(A) " + m + " x " + k
                    + ", op(B) " + kb + " x " + n + ", C " + c.rows() + " x " + c.cols());
        }
        if (m == 0 || n == 0) {
            return;
        }
        openblas.cblas_sgemm(CblasColMajor, opA.cblas(), opB.cblas(), m, n, k, alpha,
                a.pointer(), a.ld(), b.pointer(), b.ld(), beta, c.pointer(), c.ld());
    }

    /**
     * The Gram matrix of {@code op(A)}: {@code op(A) op(A)^T}, n x n, upper triangle only (the lower
     * one is left as it was). With {@code op = T} it is {@code A^T A}.
     */
    public static NativeMatrix gramUpper(Op op, NativeMatrix a) {
        int n = op == Op.N ? a.rows() : a.cols();
        int k = op == Op.N ? a.cols() : a.rows();
        NativeMatrix c = NativeMatrix.zeros(n, n);
        if (n > 0) {
            openblas.cblas_ssyrk(CblasColMajor, CblasUpper, op.cblas(), n, k, 1f, a.pointer(), a.ld(), 0f, c.pointer(), c.ld());
        }
        return c;
    }

    /** The {@code count} largest eigenpairs of a symmetric matrix, values descending. */
    public record Eigen(float[] values, NativeMatrix vectors) implements AutoCloseable {
        @Override
        public void close() {
            vectors.close();
        }
    }

    /**
     * The {@code count} largest eigenvalues of a symmetric matrix (upper triangle read) and, when
     * {@code withVectors}, their eigenvectors, by {@code ssyevr} (MRRR). Destroys {@code sym}.
     */
    public static Eigen symmetricTop(NativeMatrix sym, int count, boolean withVectors) {
        int n = sym.rows();
        if (sym.cols() != n || count < 1 || count > n) {
            throw new IllegalArgumentException("top " + count + " eigenpairs of a " + n + " x " + sym.cols() + " matrix");
        }
        NativeMatrix z = NativeMatrix.allocate(n, withVectors ? count : 0);
        try (FloatPointer w = new FloatPointer(n);
                IntPointer found = new IntPointer(1);
                IntPointer support = new IntPointer(2L * count)) {
            // il..iu are 1-based in ascending order: the top `count` are n - count + 1 .. n.
            int info = openblas.LAPACKE_ssyevr(LAPACK_COL_MAJOR, (byte) (withVectors ? 'V' : 'N'), (byte) 'I', (byte) 'U',
                    n, sym.pointer(), sym.ld(), 0f, 0f, n - count + 1, n, 0f, found, w, z.pointer(), z.ld(), support);
            check("ssyevr", info, n + " x " + n);
            if (found.get() != count) {
                throw new LapackException("ssyevr", 0, "returned " + found.get() + " eigenpairs, asked for " + count);
            }
            float[] ascending = new float[count];
            w.get(ascending, 0, count);
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = ascending[count - 1 - i];
            }
            if (withVectors) {
                reverseColumns(z);
            }
            return new Eigen(values, z);
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
    }

    /** A (possibly thin or truncated) SVD {@code A ~ U diag(s) VT}; u and vt are null when not computed. */
    public record Svd(float[] s, NativeMatrix u, NativeMatrix vt) implements AutoCloseable {
        @Override
        public void close() {
            if (u != null) {
                u.close();
            }
            if (vt != null) {
                vt.close();
            }
        }
    }

    /**
     * Full thin SVD by divide and conquer ({@code sgesdd}, jobz 'S'), or values only (jobz 'N').
     * U is m x min(m, n), VT is min(m, n) x n. Destroys {@code a}.
     */
    public static Svd gesdd(NativeMatrix a, boolean withVectors) {
        int m = a.rows();
        int n = a.cols();
        int mn = Math.min(m, n);
        NativeMatrix u = withVectors ? NativeMatrix.allocate(m, mn) : null;
        NativeMatrix vt = withVectors ? NativeMatrix.allocate(mn, n) : null;
        try (FloatPointer s = new FloatPointer(Math.max(1, mn));
                FloatPointer dummy = new FloatPointer(1)) {
            int info = openblas.LAPACKE_sgesdd(LAPACK_COL_MAJOR, (byte) (withVectors ? 'S' : 'N'), m, n, a.pointer(), a.ld(), s,
                    withVectors ? u.pointer() : dummy, withVectors ? u.ld() : 1,
                    withVectors ? vt.pointer() : dummy, withVectors ? vt.ld() : 1);
            check("sgesdd", info, m + " x " + n);
            float[] values = new float[mn];
            s.get(values, 0, mn);
            return new Svd(values, u, vt);
        } catch (RuntimeException e) {
            closeAll(u, vt);
            throw e;
        }
    }

    /**
     * The {@code k} largest singular triplets by bisection and inverse iteration on the
     * bidiagonal form ({@code sgesvdx}, range 'I'). U is m x k, VT is k x n. Destroys {@code a}.
     */
    public static Svd gesvdx(NativeMatrix a, int k, boolean withVectors) {
        int m = a.rows();
        int n = a.cols();
        int mn = Math.min(m, n);
        if (k < 1 || k > mn) {
            throw new IllegalArgumentException("top " + k + " singular triplets of a " + m + " x " + n + " matrix");
        }
        NativeMatrix u = withVectors ? NativeMatrix.allocate(m, k) : null;
        NativeMatrix vt = withVectors ? NativeMatrix.allocate(k, n) : null;
        try (FloatPointer s = new FloatPointer(mn);
                FloatPointer dummy = new FloatPointer(1);
                IntPointer found = new IntPointer(1);
                IntPointer superb = new IntPointer(12L * mn)) {
            byte job = (byte) (withVectors ? 'V' : 'N');
            int info = openblas.LAPACKE_sgesvdx(LAPACK_COL_MAJOR, job, job, (byte) 'I', m, n, a.pointer(), a.ld(), 0f, 0f, 1, k,
                    found, s, withVectors ? u.pointer() : dummy, withVectors ? u.ld() : 1,
                    withVectors ? vt.pointer() : dummy, withVectors ? vt.ld() : 1, superb);
            check("sgesvdx", info, m + " x " + n);
            if (found.get() != k) {
                throw new LapackException("sgesvdx", 0, "returned " + found.get() + " singular values, asked for " + k);
            }
            float[] values = new float[k];
            s.get(values, 0, k);
            return new Svd(values, u, vt);
        } catch (RuntimeException e) {
            closeAll(u, vt);
            throw e;
        }
    }

    /**
     * Replaces the columns of {@code a} (m x n, m >= n) by an orthonormal basis of their span
     * (Householder QR: {@code sgeqrf} then {@code sorgqr}), in place.
     */
    public static void orthonormalizeColumns(NativeMatrix a) {
        int m = a.rows();
        int n = a.cols();
        if (n > m) {
            throw new IllegalArgumentException("cannot orthonormalize " + n + " columns of length " + m);
        }
        if (n == 0) {
            return;
        }
        try (FloatPointer tau = new FloatPointer(n)) {
            check("sgeqrf", openblas.LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a.pointer(), a.ld(), tau), m + " x " + n);
            check("sorgqr", openblas.LAPACKE_sorgqr(LAPACK_COL_MAJOR, m, n, n, a.pointer(), a.ld(), tau), m + " x " + n);
        }
    }

    private static void reverseColumns(NativeMatrix z) {
        int rows = z.rows();
        int cols = z.cols();
        float[] a = new float[rows];
        float[] b = new float[rows];
        FloatPointer p = z.pointer();
        for (int j = 0; j < cols / 2; j++) {
            long left = (long) j * rows;
            long right = (long) (cols - 1 - j) * rows;
            p.position(left).get(a, 0, rows);
            p.position(right).get(b, 0, rows);
            p.position(left).put(b, 0, rows);
            p.position(right).put(a, 0, rows);
        }
        p.position(0);
    }

    static void check(String routine, int info, String shape) {
        if (info == 0) {
            return;
        }
        if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR) {
            throw new LapackException(routine, info, "could not allocate native workspace for a " + shape + " matrix");
        }
        if (info > 0) {
            throw new LapackException(routine, info, "did not converge on a " + shape + " matrix");
        }
        throw new LapackException(routine, info, "rejected argument " + (-info) + " for a " + shape + " matrix");
    }

    private static void closeAll(NativeMatrix... matrices) {
        for (NativeMatrix m : matrices) {
            if (m != null) {
                m.close();
            }
        }
    }
}

package dev.gluestick.model.recover.svd;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Norms that check a correction against the matrix it approximates, in double precision.
 *
 * <p>With a flat spectrum thousands of small float rounding errors add up, so the residual
 * {@code G - A B} is formed in double ({@code dgemm} on row blocks, {@code C = G - A B} with
 * {@code beta = 1}) and its squares summed in double. Native memory stays at one row block.
 */
public final class Residuals {

    private static final int BLOCK_ROWS = 256;

    private Residuals() {}

    /** {@code ||G||_F^2}, summed in double; rejects NaN and infinities (LAPACK can loop on them). */
    public static double frobeniusSquared(float[] g) {
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            float x = g[i];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("matrix element " + i + " is " + x);
            }
            sum += (double) x * x;
        }
        return sum;
    }

    /** {@code ||G - A B||_F} for a row-major {@code G} of the correction's shape. */
    public static double residualNorm(float[] g, Correction c) {
        int rows = c.dOut();
        int cols = c.dIn();
        int r = c.rank();
        if (g.length != (long) rows * cols) {
            throw new IllegalArgumentException("matrix of length " + g.length + " is not " + rows + " x " + cols);
        }
        if (r == 0 || rows == 0 || cols == 0) {
            return Math.sqrt(frobeniusSquared(g));
        }
        float[] a = c.a();
        float[] b = c.b();
        int block = Math.min(BLOCK_ROWS, rows);
        double sum = 0;
        try (DoublePointer bd = new DoublePointer((long) r * cols);
                DoublePointer ad = new DoublePointer((long) block * r);
                DoublePointer cd = new DoublePointer((long) block * cols)) {
            bd.put(toDouble(b, 0, b.length));
            double[] rowBlock = new double[block * cols];
            for (int i0 = 0; i0 < rows; i0 += block) {
                int n = Math.min(block, rows - i0);
                ad.put(toDouble(a, i0 * r, n * r));
                for (int j = 0; j < n * cols; j++) {
                    rowBlock[j] = g[i0 * cols + j];
                }
                cd.put(rowBlock, 0, n * cols);
                openblas.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, cols, r,
                        -1.0, ad, r, bd, cols, 1.0, cd, cols);
                cd.get(rowBlock, 0, n * cols);
                for (int j = 0; j < n * cols; j++) {
                    sum += rowBlock[j] * rowBlock[j];
                }
            }
        }
        return Math.sqrt(sum);
    }

    private static double[] toDouble(float[] src, int from, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = src[from + i];
        }
        return out;
    }
}

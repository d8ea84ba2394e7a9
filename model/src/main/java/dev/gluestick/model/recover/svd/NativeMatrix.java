package dev.gluestick.model.recover.svd;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A dense float matrix in native memory, column-major (Fortran order, leading dimension = rows),
 * the only layout LAPACK's column-major entry points accept without a hidden transposed copy.
 *
 * <p>It owns its buffer: close it (try-with-resources) as soon as it is no longer needed, so a
 * model streamed layer by layer reuses native memory instead of waiting for the garbage
 * collector. LAPACK routines overwrite their inputs; the {@link Lapack} methods say which
 * arguments they destroy.
 */
public final class NativeMatrix implements AutoCloseable {

    private final int rows;
    private final int cols;
    private FloatPointer data;

    private NativeMatrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        // JavaCPP counts these bytes against -Dorg.bytedeco.javacpp.maxbytes and frees them on close().
        this.data = new FloatPointer(Math.max(1L, (long) rows * cols));
    }

    /** Uninitialised storage, for outputs that a BLAS/LAPACK call overwrites completely. */
    public static NativeMatrix allocate(int rows, int cols) {
        return new NativeMatrix(rows, cols);
    }

    public static NativeMatrix zeros(int rows, int cols) {
        NativeMatrix m = new NativeMatrix(rows, cols);
        m.data.zero();
        return m;
    }

    /** Copies {@code colMajor} (length rows * cols, element (i, j) at i + j * rows) in. */
    public static NativeMatrix ofColumnMajor(float[] colMajor, int rows, int cols) {
        if (colMajor.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "array of length " + colMajor.length + " is not a " + rows + " x " + cols + " matrix");
        }
        NativeMatrix m = new NativeMatrix(rows, cols);
        m.data.put(colMajor, 0, colMajor.length);
        return m;
    }

    /**
     * The transpose of a row-major matrix costs nothing: row-major {@code rows x cols} storage
     * read in column-major order is the {@code cols x rows} transpose. This is the way to hand a
     * PyTorch-layout weight to LAPACK without copying it element by element (and the way to avoid
     * the C-order trap, where a row-major buffer is silently treated as column-major).
     */
    public static NativeMatrix transposeOfRowMajor(float[] rowMajor, int rows, int cols) {
        return ofColumnMajor(rowMajor, cols, rows);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Leading dimension: columns are contiguous. */
    public int ld() {
        return Math.max(1, rows);
    }

    public long size() {
        return (long) rows * cols;
    }

    /** The native buffer, for BLAS/LAPACK calls; valid until {@link #close()}. */
    public FloatPointer pointer() {
        if (data == null) {
            throw new IllegalStateException("matrix already closed");
        }
        return data;
    }

    /** A copy of the contents in column-major order. */
    public float[] toColumnMajor() {
        float[] out = new float[Math.toIntExact(size())];
        pointer().get(out, 0, out.length);
        return out;
    }

    /** The first {@code k} columns, copied into a row-major {@code rows x k} array. */
    public float[] leadingColumnsRowMajor(int k) {
        checkColumns(k);
        float[] colMajor = new float[Math.toIntExact((long) rows * k)];
        pointer().get(colMajor, 0, colMajor.length);
        float[] out = new float[colMajor.length];
        for (int j = 0; j < k; j++) {
            int src = j * rows;
            for (int i = 0; i < rows; i++) {
                out[i * k + j] = colMajor[src + i];
            }
        }
        return out;
    }

    /**
     * The first {@code k} columns transposed, as a row-major {@code k x rows} array: the same bytes
     * as the column-major columns, so this is a plain copy.
     */
    public float[] leadingColumnsTransposedRowMajor(int k) {
        checkColumns(k);
        float[] out = new float[Math.toIntExact((long) rows * k)];
        pointer().get(out, 0, out.length);
        return out;
    }

    /**
     * The first {@code k} rows transposed, as a row-major {@code cols x k} array (element (c, j)
     * is this(j, c)). For {@code k == rows} that is the column-major buffer itself.
     */
    public float[] leadingRowsTransposedRowMajor(int k) {
        if (k < 0 || k > rows) {
            throw new IllegalArgumentException("asked for " + k + " rows of a " + rows + " x " + cols + " matrix");
        }
        float[] all = toColumnMajor();
        if (k == rows) {
            return all;
        }
        float[] out = new float[Math.toIntExact((long) cols * k)];
        for (int c = 0; c < cols; c++) {
            System.arraycopy(all, c * rows, out, c * k, k);
        }
        return out;
    }

    private void checkColumns(int k) {
        if (k < 0 || k > cols) {
            throw new IllegalArgumentException("asked for " + k + " columns of a " + rows + " x " + cols + " matrix");
        }
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
            data = null;
        }
    }
}

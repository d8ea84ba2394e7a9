package dev.gluestick.model.recover;

/**
 * A layer's correction {@code A B} at rank r, the GLUESTICK way: {@code A = U_r diag(s_r)}
 * (d_out x r) and {@code B = V_r^T} (r x d_in), both row-major float32.
 *
 * <p>In PEFT terms, {@code lora_B.weight = A} and {@code lora_A.weight = B}, with scaling 1.
 */
public record Factors(int rows, int cols, int rank, float[] a, float[] b) {

    public Factors {
        if (rows <= 0 || cols <= 0 || rank < 0) {
            throw new IllegalArgumentException("bad factor shape " + rows + "x" + cols + " rank " + rank);
        }
        if (a.length != (long) rows * rank || b.length != (long) rank * cols) {
            throw new IllegalArgumentException("factor arrays do not match " + rows + "x" + rank + " and " + rank + "x" + cols);
        }
        a = a.clone();
        b = b.clone();
    }

    @Override
    public float[] a() {
        return a.clone();
    }

    @Override
    public float[] b() {
        return b.clone();
    }

    /** The same correction truncated to a lower rank (the top singular directions are kept). */
    public Factors truncate(int r) {
        if (r < 0 || r > rank) {
            throw new IllegalArgumentException("cannot truncate rank " + rank + " to " + r);
        }
        float[] ta = new float[rows * r];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, i * rank, ta, i * r, r);
        }
        float[] tb = new float[r * cols];
        System.arraycopy(b, 0, tb, 0, r * cols);
        return new Factors(rows, cols, r, ta, tb);
    }

    /** y += A (B x) for one input vector, in float32: how a deployed layer applies the correction. */
    public void applyTo(float[] x, float[] y) {
        float[] t = new float[rank];
        for (int k = 0; k < rank; k++) {
            double s = 0;
            int off = k * cols;
            for (int j = 0; j < cols; j++) {
                s += b[off + j] * x[j];
            }
            t[k] = (float) s;
        }
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int off = i * rank;
            for (int k = 0; k < rank; k++) {
                s += a[off + k] * t[k];
            }
            y[i] += (float) s;
        }
    }

    /** The dense product A B (d_out x d_in), accumulated in double per element. */
    public float[] product() {
        float[] out = new float[rows * cols];
        double[] row = new double[cols];
        for (int i = 0; i < rows; i++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < rank; k++) {
                double aik = a[i * rank + k];
                int off = k * cols;
                for (int j = 0; j < cols; j++) {
                    row[j] += aik * b[off + j];
                }
            }
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) row[j];
            }
        }
        return out;
    }
}

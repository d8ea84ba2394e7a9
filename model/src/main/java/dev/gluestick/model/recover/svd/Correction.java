package dev.gluestick.model.recover.svd;

/**
 * A rank-r GLUESTICK correction for a {@code dOut x dIn} layer: {@code A = U_r diag(s_r)}
 * ({@code dOut x r}, row-major) and {@code B = V_r^T} ({@code r x dIn}, row-major), so the
 * corrected layer is {@code Wp + A B}. In PEFT terms {@code lora_B = A} and {@code lora_A = B}.
 * Immutable.
 */
public record Correction(int dOut, int dIn, int rank, float[] a, float[] b) {

    public Correction {
        if (dOut < 0 || dIn < 0 || rank < 0) {
            throw new IllegalArgumentException("negative shape " + dOut + " x " + dIn + " rank " + rank);
        }
        if (a.length != (long) dOut * rank || b.length != (long) rank * dIn) {
            throw new IllegalArgumentException("factor sizes " + a.length + " and " + b.length
                    + " do not match rank " + rank + " for a " + dOut + " x " + dIn + " layer");
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

    /** Number of stored factor values: {@code r * (dIn + dOut)}. */
    public long parameterCount() {
        return (long) rank * (dIn + dOut);
    }

    /** The same correction truncated to a lower rank (the top singular directions are kept). */
    public Correction truncate(int r) {
        if (r < 0 || r > rank) {
            throw new IllegalArgumentException("cannot truncate rank " + rank + " to " + r);
        }
        float[] ta = new float[dOut * r];
        for (int i = 0; i < dOut; i++) {
            System.arraycopy(a, i * rank, ta, i * r, r);
        }
        float[] tb = new float[r * dIn];
        System.arraycopy(b, 0, tb, 0, r * dIn);
        return new Correction(dOut, dIn, r, ta, tb);
    }

    /** y += A (B x) for one input vector, in float32: how a deployed layer applies the correction. */
    public void applyTo(float[] x, float[] y) {
        float[] t = new float[rank];
        for (int k = 0; k < rank; k++) {
            double s = 0;
            int off = k * dIn;
            for (int j = 0; j < dIn; j++) {
                s += b[off + j] * x[j];
            }
            t[k] = (float) s;
        }
        for (int i = 0; i < dOut; i++) {
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
        float[] out = new float[dOut * dIn];
        double[] row = new double[dIn];
        for (int i = 0; i < dOut; i++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < rank; k++) {
                double aik = a[i * rank + k];
                int off = k * dIn;
                for (int j = 0; j < dIn; j++) {
                    row[j] += aik * b[off + j];
                }
            }
            for (int j = 0; j < dIn; j++) {
                out[i * dIn + j] = (float) row[j];
            }
        }
        return out;
    }
}

package dev.gluestick.samples.policy;

/**
 * A correction {@code A B} for one layer: {@code a} is {@code [rows x rank]} (PEFT lora_B, with
 * any scaling already folded in), {@code b} is {@code [rank x cols]} (PEFT lora_A). Row-major.
 */
public record LowRankCorrection(int rows, int cols, int rank, float[] a, float[] b) {

    public LowRankCorrection {
        if (rank < 0 || a.length != (long) rows * rank || b.length != (long) rank * cols) {
            throw new IllegalArgumentException("bad low-rank shapes");
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

    float[] aView() {
        return a;
    }

    float[] bView() {
        return b;
    }

    /** The dense product {@code A B}, accumulated in double. */
    public float[] product() {
        float[] p = new float[rows * cols];
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
                p[i * cols + j] = (float) row[j];
            }
        }
        return p;
    }
}

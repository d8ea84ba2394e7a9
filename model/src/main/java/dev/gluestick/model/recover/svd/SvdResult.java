package dev.gluestick.model.recover.svd;

/**
 * The top {@code k} singular triplets of a row-major {@code rows x cols} matrix G:
 * {@code G ~ U diag(s) VT} with {@code s} descending, {@code u} row-major {@code rows x k},
 * {@code vt} row-major {@code k x cols}, and the exact {@code totalEnergy = ||G||_F^2}.
 *
 * <p>Immutable: arrays are copied in and out ({@code u}/{@code vt} of a 11008 x 4096 layer at
 * k = 256 are 11 MB and 4 MB, so callers that only need a slice use {@link #correction(int)},
 * which copies only what it returns). {@code method} and {@code iterations} say how it was
 * computed (iterations is 0 for the direct LAPACK paths).
 */
public record SvdResult(int rows, int cols, float[] s, float[] u, float[] vt, double totalEnergy, SvdMethod method, int iterations) {

    public SvdResult {
        int k = s.length;
        if (k > Math.min(rows, cols)) {
            throw new IllegalArgumentException(k + " singular triplets for a " + rows + " x " + cols + " matrix");
        }
        if (u.length != (long) rows * k || vt.length != (long) k * cols) {
            throw new IllegalArgumentException("factor sizes " + u.length + " and " + vt.length
                    + " do not match k = " + k + " for a " + rows + " x " + cols + " matrix");
        }
        s = s.clone();
        u = u.clone();
        vt = vt.clone();
    }

    /** How many triplets are known: the largest rank a correction can have. */
    public int k() {
        return s.length;
    }

    @Override
    public float[] s() {
        return s.clone();
    }

    @Override
    public float[] u() {
        return u.clone();
    }

    @Override
    public float[] vt() {
        return vt.clone();
    }

    public float value(int i) {
        return s[i];
    }

    public SingularValues values() {
        return new SingularValues(rows, cols, s, totalEnergy);
    }

    /** {@code E(r)}, exact against the whole matrix's energy. */
    public double capturedEnergy(int r) {
        return values().capturedEnergy(r);
    }

    /** The rank-{@code r} correction {@code A = U_r diag(s_r)}, {@code B = V_r^T}, for any {@code r <= k}. */
    public Correction correction(int r) {
        if (r < 0 || r > s.length) {
            throw new IllegalArgumentException("rank " + r + " outside 0.." + s.length);
        }
        int k = s.length;
        float[] a = new float[Math.toIntExact((long) rows * r)];
        for (int i = 0; i < rows; i++) {
            int src = i * k;
            int dst = i * r;
            for (int j = 0; j < r; j++) {
                a[dst + j] = u[src + j] * s[j];
            }
        }
        float[] b = new float[Math.toIntExact((long) r * cols)];
        System.arraycopy(vt, 0, b, 0, b.length);
        return new Correction(rows, cols, r, a, b);
    }
}

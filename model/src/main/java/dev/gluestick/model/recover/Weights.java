package dev.gluestick.model.recover;

/** Small exact reductions over weight arrays, accumulated in double. */
public final class Weights {

    private Weights() {}

    public static int countNonFinite(float[] w) {
        int bad = 0;
        for (float v : w) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        return bad;
    }

    /** Squared Frobenius norm in double. */
    public static double squaredNorm(float[] w) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        // two accumulators: shorter dependency chains, and the sum is still exact enough in double
        for (; i + 1 < w.length; i += 2) {
            s0 += (double) w[i] * w[i];
            s1 += (double) w[i + 1] * w[i + 1];
        }
        if (i < w.length) {
            s0 += (double) w[i] * w[i];
        }
        return s0 + s1;
    }

    public static long countNonZeros(float[] w) {
        long n = 0;
        for (float v : w) {
            if (v != 0f) {
                n++;
            }
        }
        return n;
    }

    /** a - b, elementwise, in a new array (exact when b is a masked copy of a). */
    public static float[] difference(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}

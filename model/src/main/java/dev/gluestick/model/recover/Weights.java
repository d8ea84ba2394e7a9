package dev.gluestick.model.recover;

/** Small passes over weight arrays the engine makes per layer (norms: {@code svd.Residuals}). */
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

    /** a - b, elementwise, in a new array (exact when b is a masked copy of a). */
    public static float[] difference(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}

package dev.gluestick.model.recover;

import java.util.Arrays;

/**
 * The top singular values of a matrix (the pruning gap {@code G = W - Wp}, or W itself) and its
 * exact total energy {@code ||G||_F^2}.
 *
 * <p>Every quantity of the rank trade-off is a prefix sum of this one spectrum (Eckart-Young), so
 * any rank up to {@link #maxRank()} is answered in O(1) without touching the weights again: that
 * is what makes the rank slider live. Immutable.
 */
public final class Spectrum {

    private final float[] values;
    private final double totalEnergy;
    /** prefix[r] = sum of the r largest s_i^2, in double. */
    private final double[] prefix;

    private Spectrum(float[] values, double totalEnergy) {
        this.values = values;
        this.totalEnergy = totalEnergy;
        this.prefix = new double[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            prefix[i + 1] = prefix[i] + (double) values[i] * values[i];
        }
    }

    /**
     * @param singularValues the top-k singular values, descending and non-negative
     * @param totalEnergy the exact squared Frobenius norm of the whole matrix (not just the top k)
     */
    public static Spectrum of(float[] singularValues, double totalEnergy) {
        float[] v = singularValues.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || Float.isInfinite(v[i])) {
                throw new IllegalArgumentException("singular value " + i + " is " + v[i]);
            }
            if (i > 0 && v[i] > v[i - 1] * (1 + 1e-6f)) {
                throw new IllegalArgumentException("singular values are not descending at " + i);
            }
        }
        if (!(totalEnergy >= 0) || Double.isInfinite(totalEnergy)) {
            throw new IllegalArgumentException("total energy is " + totalEnergy);
        }
        return new Spectrum(v, totalEnergy);
    }

    /** The spectrum of an all-zero matrix (a layer pruning did not touch). */
    public static Spectrum zero() {
        return new Spectrum(new float[0], 0);
    }

    /** How many singular values are known: the largest rank the trade-off can reach. */
    public int maxRank() {
        return values.length;
    }

    public float value(int i) {
        return values[i];
    }

    public float[] values() {
        return values.clone();
    }

    public double totalEnergy() {
        return totalEnergy;
    }

    /** ||G||_F. */
    public double norm() {
        return Math.sqrt(totalEnergy);
    }

    /** sum_{i<=r} s_i^2, for 0 <= r <= maxRank(). */
    public double capturedEnergy(int r) {
        return prefix[check(r)];
    }

    /** E(r) = sum_{i<=r} s_i^2 / ||G||_F^2; 1 for a zero matrix (there is nothing to capture). */
    public double energyFraction(int r) {
        if (totalEnergy == 0) {
            return 1.0;
        }
        return Math.min(1.0, prefix[check(r)] / totalEnergy);
    }

    /** ||A B||_F = sqrt(sum_{i<=r} s_i^2). */
    public double correctionNorm(int r) {
        return Math.sqrt(prefix[check(r)]);
    }

    /** ||G - A B||_F = sqrt(sum_{i>r} s_i^2), clamped at 0 against rounding. */
    public double residualNorm(int r) {
        return Math.sqrt(Math.max(0.0, totalEnergy - prefix[check(r)]));
    }

    /** The smallest r <= maxRank() with E(r) >= target, or -1 when the known spectrum cannot reach it. */
    public int rankForEnergy(double target) {
        if (energyFraction(0) >= target) {
            return 0;
        }
        double needed = target * totalEnergy;
        int lo = 1;
        int hi = values.length;
        if (prefix[hi] < needed) {
            return -1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] >= needed) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int check(int r) {
        if (r < 0 || r > values.length) {
            throw new IndexOutOfBoundsException("rank " + r + " outside 0.." + values.length);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spectrum s && Arrays.equals(values, s.values) && totalEnergy == s.totalEnergy;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Double.hashCode(totalEnergy);
    }

    @Override
    public String toString() {
        return "Spectrum[k=" + values.length + ", ||G||=" + norm() + "]";
    }
}

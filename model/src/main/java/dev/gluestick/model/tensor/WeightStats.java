package dev.gluestick.model.tensor;

/**
 * Summary statistics of one weight tensor, as {@code gluestick inspect --stats} shows them.
 *
 * @param elements number of values
 * @param zeros exact zeros (+0 and -0): what pruning leaves behind
 * @param nanCount NaN values
 * @param infCount infinite values
 * @param frobeniusNorm sqrt of the sum of squares of the finite values, accumulated in double
 *     (NaN/Inf are counted, not summed, so one bad value does not hide the norm of the rest)
 */
public record WeightStats(long elements, long zeros, long nanCount, long infCount, double frobeniusNorm) {

    /** Fraction of exact zeros, 0 for an empty tensor. */
    public double sparsity() {
        return elements == 0 ? 0 : (double) zeros / elements;
    }

    public boolean hasNonFinite() {
        return nanCount > 0 || infCount > 0;
    }

    public static WeightStats of(float[] values) {
        return of(values, 0, values.length);
    }

    public static WeightStats of(float[] values, int offset, int count) {
        long zeros = 0;
        long nan = 0;
        long inf = 0;
        double sum = 0;
        for (int i = offset; i < offset + count; i++) {
            float v = values[i];
            if (v == 0f) {
                zeros++;
            } else if (Float.isNaN(v)) {
                nan++;
            } else if (Float.isInfinite(v)) {
                inf++;
            } else {
                sum += (double) v * v;
            }
        }
        return new WeightStats(count, zeros, nan, inf, Math.sqrt(sum));
    }
}

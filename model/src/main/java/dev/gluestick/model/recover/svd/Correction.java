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
}

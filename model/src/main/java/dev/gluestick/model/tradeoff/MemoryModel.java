package dev.gluestick.model.tradeoff;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tensor.DType;
import java.util.Objects;

/**
 * Bytes a layer takes on the target, for a chosen storage form of the pruned base and a dtype for
 * the correction factors.
 *
 * <p>Formulas (per layer, {@code n = d_out * d_in}, {@code w} = bytes per stored value):
 * <ul>
 *   <li>dense: {@code n * w}</li>
 *   <li>N:M compressed: {@code n * N/M * w} values + {@code n * N/M * ceil(log2 M) / 8} bytes of
 *       metadata (2:4: half the values and 1 bit per original element)</li>
 *   <li>CSR: {@code nnz * (w + idx)} + {@code (d_out + 1) * 4}, with {@code idx} = 2 bytes when
 *       {@code d_in <= 65536}, else 4</li>
 *   <li>correction: {@code r * (d_in + d_out) * factor width}</li>
 * </ul>
 * A layer that has no N:M pattern falls back to CSR under {@link StorageForm#NM_COMPRESSED}.
 * The METHOD's break-even figure {@code d_out d_in / (2 (d_in + d_out))} ignores the 2:4
 * metadata; counting it, as here, moves the break-even 12.5% lower for 16-bit weights.
 *
 * @param form storage form of the pruned base
 * @param baseDType dtype of the stored weights (the source dtype of the checkpoint)
 * @param factorDType dtype of the correction factors A and B
 */
public record MemoryModel(StorageForm form, DType baseDType, DType factorDType) {

    public MemoryModel {
        Objects.requireNonNull(form);
        Objects.requireNonNull(baseDType);
        Objects.requireNonNull(factorDType);
    }

    /** The layer stored dense, unpruned. */
    public long denseBytes(LayerAnalysis a) {
        return a.layer().parameterCount() * baseDType.byteWidth();
    }

    /** The pruned base in the chosen storage form (no correction). */
    public long baseBytes(LayerAnalysis a) {
        long n = a.layer().parameterCount();
        int w = baseDType.byteWidth();
        return switch (form) {
            case DENSE -> n * w;
            case NM_COMPRESSED -> a.nmPattern()
                    .map(p -> {
                        long kept = n / p.m() * p.n();
                        long metaBits = kept * bitsFor(p.m());
                        return kept * w + (metaBits + 7) / 8;
                    })
                    .orElseGet(() -> csrBytes(a, w));
            case UNSTRUCTURED_SPARSE -> csrBytes(a, w);
        };
    }

    /** The correction factors A (d_out x r) and B (r x d_in). */
    public long correctionBytes(LayerAnalysis a, int rank) {
        return (long) rank * (a.layer().rows() + a.layer().cols()) * factorDType.byteWidth();
    }

    /** Bytes one more rank costs in this layer. */
    public long bytesPerRank(LayerAnalysis a) {
        return (long) (a.layer().rows() + a.layer().cols()) * factorDType.byteWidth();
    }

    public long totalBytes(LayerAnalysis a, int rank) {
        return baseBytes(a) + correctionBytes(a, rank);
    }

    /**
     * The largest rank at which pruned base + correction is still smaller than the dense layer;
     * -1 when even rank 0 saves nothing (e.g. pruned weights stored dense).
     */
    public int breakEvenRank(LayerAnalysis a) {
        long saving = denseBytes(a) - baseBytes(a);
        if (saving <= 0) {
            return -1;
        }
        long perRank = bytesPerRank(a);
        // strictly smaller than dense: base + r * perRank < dense
        return (int) Math.min(Integer.MAX_VALUE, (saving - 1) / perRank);
    }

    private static long csrBytes(LayerAnalysis a, int w) {
        int idx = a.layer().cols() <= 65536 ? 2 : 4;
        return a.nonZeros() * (w + idx) + (a.layer().rows() + 1L) * 4;
    }

    private static int bitsFor(int m) {
        return 32 - Integer.numberOfLeadingZeros(m - 1);
    }
}

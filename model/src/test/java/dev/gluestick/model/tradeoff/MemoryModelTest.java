package dev.gluestick.model.tradeoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tensor.DType;
import org.junit.jupiter.api.Test;

class MemoryModelTest {

    private final LayerAnalysis square = Fixtures.layer("a", 4096, 4096, 4, 0.5, 1);
    private final LayerAnalysis mlp = Fixtures.layer("b", 11008, 4096, 4, 0.5, 1);
    private final LayerAnalysis small = Fixtures.layer("c", 384, 384, 4, 0.5, 1);

    @Test
    void twoFourCompressedStoresHalfTheValuesPlusTwoBitsEach() {
        MemoryModel m = new MemoryModel(StorageForm.NM_COMPRESSED, DType.BF16, DType.BF16);
        long n = 4096L * 4096;
        assertThat(m.denseBytes(square)).isEqualTo(2 * n);
        assertThat(m.baseBytes(square)).isEqualTo(n + n / 8);
        assertThat(m.correctionBytes(square, 10)).isEqualTo(10L * 8192 * 2);
    }

    @Test
    void breakEvenMatchesTheMethodFormulaWhenMetadataIsFree() {
        // METHOD.md: r = d_out d_in / (2 (d_in + d_out)) ignoring metadata: 1024 and ~1493. (Its
        // "192 for 384 x 384" contradicts that formula, which gives 96.) Counting the 2-bit
        // metadata, dense - base = n/2 * w - n/8 bytes, so the break-even is 12.5% lower.
        MemoryModel m = new MemoryModel(StorageForm.NM_COMPRESSED, DType.BF16, DType.BF16);
        assertThat(m.breakEvenRank(square)).isEqualTo(895); // (2n - 1.125n - 1) / (8192*2)
        assertThat(ideal(square)).isEqualTo(1024);
        assertThat(ideal(mlp)).isEqualTo(1493);
        assertThat(ideal(small)).isEqualTo(96);
        assertThat(m.breakEvenRank(small)).isEqualTo(83);
    }

    private static long ideal(LayerAnalysis a) {
        long n = a.layer().parameterCount();
        return Math.round(n / (2.0 * (a.layer().rows() + a.layer().cols())));
    }

    @Test
    void denseStorageNeverSaves() {
        MemoryModel m = new MemoryModel(StorageForm.DENSE, DType.BF16, DType.BF16);
        assertThat(m.baseBytes(square)).isEqualTo(m.denseBytes(square));
        assertThat(m.breakEvenRank(square)).isEqualTo(-1);
    }

    @Test
    void csrCountsValuesIndicesAndRowPointers() {
        MemoryModel m = new MemoryModel(StorageForm.UNSTRUCTURED_SPARSE, DType.F32, DType.F32);
        long nnz = 4096L * 4096 / 2;
        assertThat(m.baseBytes(square)).isEqualTo(nnz * (4 + 2) + 4097L * 4);
    }
}

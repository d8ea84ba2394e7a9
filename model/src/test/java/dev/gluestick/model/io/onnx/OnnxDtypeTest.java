package dev.gluestick.model.io.onnx;

import static dev.gluestick.model.io.onnx.OnnxFixture.node;
import static dev.gluestick.model.io.onnx.OnnxFixture.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxDtypeTest {

    @TempDir
    Path dir;

    /** float16 bit patterns and their exact values: 1, -2, 0.5, 65504 (max), 2^-24 (smallest subnormal), -0. */
    private static final int[] HALF_BITS = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000};
    private static final float[] HALF_VALUES = {1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f};
    /** bfloat16 is the top half of float32: 1, -2, 3.140625, 1e38-ish. */
    private static final int[] BF16_BITS = {0x3F80, 0xC000, 0x4049, 0x7E96};
    private static final float[] BF16_VALUES = {1f, -2f, 3.140625f, Float.intBitsToFloat(0x7E960000)};

    @Test
    void readsFloat16RawData() throws Exception {
        Path p = new OnnxFixture()
                .initializer(tensor("h.raw", OnnxFixture.FLOAT16, 2, 3).bytes(9, OnnxFixture.le16(HALF_BITS)))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensor("h.raw").orElseThrow().dtype()).isEqualTo(DType.F16);
            assertThat(c.readFloats("h.raw")).containsExactly(HALF_VALUES);
            assertThat(c.readBytes("h.raw")).containsExactly(OnnxFixture.le16(HALF_BITS));
        }
    }

    @Test
    void readsFloat16FromPackedAndUnpackedInt32Data() throws Exception {
        ProtoWriter unpacked = tensor("h.unpacked", OnnxFixture.FLOAT16, 6);
        for (int b : HALF_BITS) {
            unpacked.varint(5, b);
        }
        long[] packed = new long[HALF_BITS.length];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = HALF_BITS[i];
        }
        Path p = new OnnxFixture()
                .initializer(unpacked)
                .initializer(tensor("h.packed", OnnxFixture.FLOAT16, 6).packedVarints(5, packed))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.readFloats("h.unpacked")).containsExactly(HALF_VALUES);
            assertThat(c.readFloats("h.packed")).containsExactly(HALF_VALUES);
        }
    }

    @Test
    void readsBfloat16RawAndTyped() throws Exception {
        ProtoWriter typed = tensor("b.typed", OnnxFixture.BFLOAT16, 4);
        for (int b : BF16_BITS) {
            typed.varint(5, b);
        }
        Path p = new OnnxFixture()
                .initializer(tensor("b.raw", OnnxFixture.BFLOAT16, 2, 2).bytes(9, OnnxFixture.le16(BF16_BITS)))
                .initializer(typed)
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensor("b.raw").orElseThrow().dtype()).isEqualTo(DType.BF16);
            assertThat(c.readFloats("b.raw")).containsExactly(BF16_VALUES);
            assertThat(c.readFloats("b.typed")).containsExactly(BF16_VALUES);
            assertThat(c.readBytes("b.typed")).containsExactly(OnnxFixture.le16(BF16_BITS));
        }
    }

    @Test
    void bfloat16MatMulWeightIsTransposedElementWise() throws Exception {
        // [in=2, out=2] = [[a, b], [c, d]] -> [out, in] = [[a, c], [b, d]]
        Path p = new OnnxFixture()
                .initializer(tensor("onnx::MatMul_3", OnnxFixture.BFLOAT16, 2, 2).bytes(9, OnnxFixture.le16(BF16_BITS)))
                .node(node("/mlp/down/MatMul", "MatMul", List.of("x", "onnx::MatMul_3"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.readBytes("mlp.down.weight"))
                    .containsExactly(OnnxFixture.le16(BF16_BITS[0], BF16_BITS[2], BF16_BITS[1], BF16_BITS[3]));
            assertThat(c.readFloats("mlp.down.weight"))
                    .containsExactly(BF16_VALUES[0], BF16_VALUES[2], BF16_VALUES[1], BF16_VALUES[3]);
        }
    }

    @Test
    void readsFloatDataPackedAndUnpacked() throws Exception {
        ProtoWriter unpacked = tensor("f.unpacked", OnnxFixture.FLOAT, 3);
        for (float v : new float[] {1.5f, -2.25f, 3e-8f}) {
            unpacked.fixed32(4, Float.floatToRawIntBits(v));
        }
        Path p = new OnnxFixture()
                .initializer(unpacked)
                .initializer(tensor("f.packed", OnnxFixture.FLOAT, 3).packedFloats(4, 1.5f, -2.25f, 3e-8f))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.readFloats("f.unpacked")).containsExactly(1.5f, -2.25f, 3e-8f);
            assertThat(c.readFloats("f.packed")).containsExactly(1.5f, -2.25f, 3e-8f);
        }
    }

    @Test
    void passesInt64ThroughAndSkipsTypesWithoutAWorkbenchDtype() throws Exception {
        Path p = new OnnxFixture()
                .initializer(tensor("ids", OnnxFixture.INT64, 2).packedVarints(7, 5, -1))
                .initializer(tensor("u16", OnnxFixture.UINT16, 1).varint(5, 7))
                .initializer(tensor("labels", OnnxFixture.STRING, 1).string(6, "cat"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensors()).extracting(t -> t.name()).containsExactly("ids");
            assertThat(c.tensor("ids").orElseThrow().dtype()).isEqualTo(DType.I64);
            ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-1);
            assertThat(c.readBytes("ids")).containsExactly(expected.array());
            assertThat(c.warnings()).anyMatch(n -> n.contains("u16") && n.contains("UINT16"))
                    .anyMatch(n -> n.contains("labels") && n.contains("STRING"));
            assertThatThrownBy(() -> c.readFloats("ids")).isInstanceOf(InputException.class)
                    .hasMessageContaining("not floating point");
        }
    }

    @Test
    void rejectsTypedDataWithFewerValuesThanDims() throws Exception {
        Path p = new OnnxFixture()
                .initializer(tensor("f.short", OnnxFixture.FLOAT, 4).packedFloats(4, 1f, 2f, 3f))
                .write(dir, "m.onnx");
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("m.onnx").hasMessageContaining("f.short").hasMessageContaining("need 4");
    }

    @Test
    void rejectsVarintTypedDataWithFewerValuesThanDimsWhenRead() throws Exception {
        // 3 packed bytes could hold 3 one-byte varints, so opening accepts it; decoding finds a
        // two-byte and a one-byte value.
        Path p = new OnnxFixture()
                .initializer(tensor("h.short", OnnxFixture.FLOAT16, 3).packedVarints(5, 0x3C00, 0))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThatThrownBy(() -> c.readFloats("h.short")).isInstanceOf(InputException.class)
                    .hasMessageContaining("h.short").hasMessageContaining("holds 2 values but its dims need 3");
        }
    }
}

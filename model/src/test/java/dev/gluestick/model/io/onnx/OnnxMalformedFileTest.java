package dev.gluestick.model.io.onnx;

import static dev.gluestick.model.io.onnx.OnnxFixture.floatTensor;
import static dev.gluestick.model.io.onnx.OnnxFixture.node;
import static dev.gluestick.model.io.onnx.OnnxFixture.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt input must end in an InputException naming the file; the timeout only guards against hangs. */
@Timeout(60)
class OnnxMalformedFileTest {

    @TempDir
    Path dir;

    private static OnnxFixture small() {
        return new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, 1, 2, 3, 4, 5, 6))
                .initializer(tensor("h", OnnxFixture.FLOAT16, 2).packedVarints(5, 0x3C00, 0x4000))
                .node(node("/fc/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"));
    }

    private Path write(byte[] bytes) throws Exception {
        Path p = dir.resolve("bad.onnx");
        Files.write(p, bytes);
        return p;
    }

    private void assertRejected(byte[] bytes, String... messageParts) throws Exception {
        Path p = write(bytes);
        var assertion = assertThatThrownBy(() -> OnnxCheckpoint.open(p).close())
                .isInstanceOf(InputException.class).hasMessageContaining("bad.onnx");
        for (String part : messageParts) {
            assertion.hasMessageContaining(part);
        }
    }

    @Test
    void opensTheUntouchedFixture() throws Exception {
        try (OnnxCheckpoint c = OnnxCheckpoint.open(write(small().toBytes()))) {
            assertThat(c.tensors()).extracting(TensorInfo::name).containsExactly("fc.weight", "h");
        }
    }

    @Test
    void rejectsEveryTruncation() throws Exception {
        byte[] full = small().toBytes();
        for (int len = 0; len < full.length; len++) {
            Path p = write(Arrays.copyOf(full, len));
            int at = len;
            assertThatThrownBy(() -> OnnxCheckpoint.open(p).close()).as("truncated to %d of %d bytes", at, full.length)
                    .isInstanceOf(InputException.class).hasMessageContaining("bad.onnx");
        }
    }

    @Test
    void rejectsEmptyFileAsNotAModel() throws Exception {
        assertRejected(new byte[0], "no graph");
    }

    @Test
    void rejectsLengthPrefixLargerThanTheFile() throws Exception {
        byte[] bytes = new ProtoWriter().varint(1, 8).key(7, 2).rawVarint(1L << 40).raw(new byte[20]).toBytes();
        assertRejected(bytes, "length 1099511627776", "ModelProto.graph", "runs past the end");
    }

    @Test
    void rejectsLengthPrefixAboveLongRange() throws Exception {
        byte[] bytes = new ProtoWriter().key(7, 2).rawVarint(-1L).raw(new byte[4]).toBytes();
        assertRejected(bytes, "runs past the end");
    }

    @Test
    void rejectsRawDataLongerThanItsTensor() throws Exception {
        ProtoWriter t = tensor("t", OnnxFixture.FLOAT, 1).key(9, 2).rawVarint(1_000_000).raw(new byte[4]);
        byte[] bytes = new OnnxFixture().initializer(t).toBytes();
        assertRejected(bytes, "TensorProto.raw_data", "runs past the end");
    }

    @Test
    void rejectsVarintLongerThanTenBytes() throws Exception {
        byte[] eleven = new byte[12];
        Arrays.fill(eleven, 0, 11, (byte) 0xFF);
        assertRejected(new ProtoWriter().key(1, 0).raw(eleven).toBytes(), "varint longer than 10 bytes");
    }

    @Test
    void rejectsInvalidWireType() throws Exception {
        assertRejected(new ProtoWriter().key(7, 6).raw(new byte[8]).toBytes(), "invalid wire type 6");
    }

    @Test
    void rejectsFieldNumberZero() throws Exception {
        assertRejected(new byte[] {0x02, 0x00}, "invalid field number 0");
    }

    @Test
    void rejectsKnownFieldWithWrongWireType() throws Exception {
        assertRejected(new ProtoWriter().varint(7, 5).toBytes(), "ModelProto.graph has wire type 0");
    }

    @Test
    void rejectsRawDataShorterThanDimsWithoutAllocatingForTheDims() throws Exception {
        ProtoWriter t = tensor("huge", OnnxFixture.FLOAT, 1L << 31, 1L << 20).bytes(9, new byte[16]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "huge", "raw_data has 16 bytes");
    }

    @Test
    void rejectsDimsWhoseProductOverflows() throws Exception {
        ProtoWriter t = tensor("big", OnnxFixture.FLOAT, 1L << 40, 1L << 40).bytes(9, new byte[4]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "big", "overflows");
    }

    @Test
    void rejectsNegativeDimension() throws Exception {
        ProtoWriter t = tensor("neg", OnnxFixture.FLOAT, -1).bytes(9, new byte[4]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "neg", "negative dimension");
    }

    @Test
    void rejectsTensorWithoutData() throws Exception {
        assertRejected(new OnnxFixture().initializer(tensor("empty", OnnxFixture.FLOAT, 2)).toBytes(), "empty", "no data");
    }

    @Test
    void rejectsSegmentedTensor() throws Exception {
        ProtoWriter t = tensor("seg", OnnxFixture.FLOAT, 1).message(3, new ProtoWriter().varint(1, 0).varint(2, 1))
                .bytes(9, new byte[4]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "seg", "segmented");
    }

    @Test
    void rejectsPackedFloatsNotAMultipleOfFour() throws Exception {
        ProtoWriter t = tensor("odd", OnnxFixture.FLOAT, 1).bytes(4, new byte[5]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "not a multiple of 4");
    }

    @Test
    void rejectsNameLongerThanAMegabyte() throws Exception {
        byte[] longName = new byte[(1 << 20) + 1];
        Arrays.fill(longName, (byte) 'a');
        ProtoWriter t = new ProtoWriter().varint(1, 1).varint(2, 1).bytes(8, longName).bytes(9, new byte[4]);
        assertRejected(new OnnxFixture().initializer(t).toBytes(), "TensorProto.name", "more than");
    }

    @Test
    void rejectsUnterminatedGroup() throws Exception {
        assertRejected(new ProtoWriter().key(30, 3).varint(1, 5).toBytes(), "truncated group 30");
    }

    @Test
    void rejectsMismatchedEndGroup() throws Exception {
        assertRejected(new ProtoWriter().key(30, 3).key(31, 4).toBytes(), "does not match group 30");
    }

    @Test
    void rejectsMissingFile() {
        Path p = dir.resolve("absent.onnx");
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("absent.onnx").hasMessageContaining("not found");
    }

    @Test
    void skipsUnknownFieldsOfEveryWireType() throws Exception {
        ProtoWriter unknown = new ProtoWriter()
                .varint(1000, 123456789L)
                .fixed64(1001, -1L)
                .string(1002, "future")
                .fixed32(1003, 42)
                .group(1004, new ProtoWriter().varint(1, 1).group(2, new ProtoWriter().string(3, "nested")));
        ProtoWriter t = floatTensor("w.x", new long[] {2}, 1f, 2f).raw(unknown.toBytes());
        OnnxFixture f = new OnnxFixture().initializer(t).graphField(unknown);
        byte[] model = new ProtoWriter().raw(unknown.toBytes()).raw(f.toBytes()).raw(unknown.toBytes()).toBytes();
        try (OnnxCheckpoint c = OnnxCheckpoint.open(write(model))) {
            assertThat(c.readFloats("w.x")).containsExactly(1f, 2f);
        }
    }

    /** Flipping bytes of a valid file: every outcome is a model that reads, or an InputException. */
    @Test
    void corruptedBytesNeverEscapeAsAnotherException() throws Exception {
        byte[] full = small().toBytes();
        Random random = new Random(20261204L);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = full.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Path p = write(bytes);
            try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
                for (TensorInfo t : c.tensors()) {
                    readQuietly(c, t);
                }
            } catch (InputException expected) {
                assertThat(expected).hasMessageContaining("bad.onnx");
            }
        }
    }

    private static void readQuietly(OnnxCheckpoint c, TensorInfo t) {
        try {
            c.readBytes(t.name());
            if (t.dtype().isComputable()) {
                c.readFloats(t.name());
            }
        } catch (InputException expected) {
            assertThat(expected).hasMessageContaining("bad.onnx");
        }
    }
}

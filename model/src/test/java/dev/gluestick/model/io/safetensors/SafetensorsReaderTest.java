package dev.gluestick.model.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    /**
     * A file laid out exactly as the reference implementation writes it: header JSON typed by
     * hand, payload written value by value in little-endian, tensors listed out of data order.
     */
    @Test
    void readsHandWrittenReferenceFile() {
        String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"c\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[22,24]}}";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1f).putFloat(-2.5f).putFloat(0f).putFloat(1e-3f);
        data.putShort((short) 0x3f80).putShort((short) 0xc040).putShort((short) 0x7f80); // 1, -3, +inf
        data.put((byte) -7).put((byte) 9);
        Path f = RawSafetensors.writeHeader(dir, header, data.array());

        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertThat(sf.tensors()).extracting(t -> t.name()).containsExactly("a", "b", "c");
            assertThat(sf.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(sf.entry("a").orElseThrow().info().shape()).containsExactly(2, 2);
            assertThat(sf.entry("b").orElseThrow().info().dtype()).isEqualTo(DType.BF16);
            assertThat(sf.readFloats("a")).containsExactly(1f, -2.5f, 0f, 1e-3f);
            assertThat(sf.readFloats("b")).containsExactly(1f, -3f, Float.POSITIVE_INFINITY);
            assertThat(sf.readBytes("c")).containsExactly(-7, 9);
            assertThat(sf.header().dataStart()).isEqualTo(8 + header.getBytes(StandardCharsets.UTF_8).length);
            assertThatThrownBy(() -> sf.readFloats("c")).isInstanceOf(InputException.class)
                    .hasMessageContaining("'c'").hasMessageContaining("I8");
            assertThatThrownBy(() -> sf.readBytes("zz")).isInstanceOf(InputException.class)
                    .hasMessageContaining("no tensor named 'zz'");
        }
    }

    @Test
    void acceptsEmptyHeaderObjectWithNoData() {
        try (SafetensorsFile sf = SafetensorsFile.open(RawSafetensors.writeHeader(dir, "{}", new byte[0]))) {
            assertThat(sf.tensors()).isEmpty();
        }
    }

    @Test
    void acceptsNullMetadataAndUnknownEntryFieldsLikeTheReference() {
        Path f = RawSafetensors.writeHeader(dir, "{\"__metadata__\":null,"
                + "\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"note\":1}}", new byte[] {5});
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertThat(sf.metadata()).isEmpty();
            assertThat(sf.readBytes("x")).containsExactly(5);
        }
    }

    @Test
    void acceptsZeroElementTensors() {
        Path f = RawSafetensors.writeHeader(dir, "{\"e\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]},"
                + "\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] {5});
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertThat(sf.readFloats("e")).isEmpty();
            assertThat(sf.readBytes("x")).containsExactly(5);
        }
    }

    @Test
    void readsGiveClearErrorAfterClose() {
        SafetensorsFile sf = SafetensorsFile.open(RawSafetensors.writeHeader(dir,
                "{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] {5}));
        sf.close();
        sf.close();
        assertThatThrownBy(() -> sf.readBytes("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    // ---- one test per format rule ----

    private void assertRejected(byte[] content, String... fragments) {
        Path f = RawSafetensors.write(dir, "bad.safetensors", content);
        var thrown = assertThatThrownBy(() -> SafetensorsFile.open(f).close()).isInstanceOf(InputException.class)
                .hasMessageContaining(f.toString());
        for (String s : fragments) {
            thrown.hasMessageContaining(s);
        }
    }

    private void assertRejected(String header, int dataBytes, String... fragments) {
        assertRejected(RawSafetensors.bytes(header, new byte[dataBytes]), fragments);
    }

    private static String one(String entry) {
        return "{\"w\":" + entry + "}";
    }

    @Test
    void rejectsFileShorterThanEightBytes() {
        assertRejected(new byte[5], "shorter than the 8-byte");
    }

    @Test
    void rejectsHeaderLengthOverLimit() {
        assertRejected(RawSafetensors.bytes(100_000_001L, new byte[0], new byte[0]), "exceeds the limit");
    }

    @Test
    void rejectsHeaderLengthWithTopBitSet() {
        assertRejected(RawSafetensors.bytes(-1L, new byte[0], new byte[0]), "exceeds the limit");
    }

    @Test
    void rejectsHeaderLongerThanFile() {
        assertRejected(RawSafetensors.bytes(50, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]), "past the end");
    }

    @Test
    void rejectsHeaderThatIsNotUtf8() {
        byte[] h = {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
        assertRejected(RawSafetensors.bytes(h.length, h, new byte[0]), "not valid UTF-8");
    }

    @Test
    void rejectsHeaderThatIsNotJson() {
        assertRejected("{\"w\": {", 0, "not valid JSON");
    }

    @Test
    void rejectsTrailingGarbageAfterHeaderObject() {
        assertRejected("{} x", 0, "not valid JSON");
    }

    @Test
    void rejectsHeaderThatIsNotAnObject() {
        assertRejected("[1, 2]", 0, "not a JSON object");
    }

    @Test
    void rejectsEntryThatIsNotAnObject() {
        assertRejected(one("[1]"), 0, "tensor 'w'", "header entry is not a JSON object");
    }

    @Test
    void rejectsEntryWithoutDtype() {
        assertRejected(one("{\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "no \"dtype\"");
    }

    @Test
    void rejectsDtypeThatIsNotAString() {
        assertRejected(one("{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "\"dtype\" is not a string");
    }

    @Test
    void rejectsUnknownDtype() {
        assertRejected(one("{\"dtype\":\"F4\",\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "unknown dtype \"F4\"");
    }

    @Test
    void rejectsEntryWithoutShape() {
        assertRejected(one("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "no \"shape\"");
    }

    @Test
    void rejectsShapeThatIsNotAnArray() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "\"shape\" is not an array");
    }

    @Test
    void rejectsNonIntegerDimension() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "non-integer");
    }

    @Test
    void rejectsNegativeDimension() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}"), 4, "tensor 'w'", "negative value -1");
    }

    @Test
    void rejectsEntryWithoutDataOffsets() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[1]}"), 4, "tensor 'w'", "no \"data_offsets\"");
    }

    @Test
    void rejectsDataOffsetsThatAreNotAPair() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}"), 4, "tensor 'w'", "array of two integers");
    }

    @Test
    void rejectsDataOffsetsEndBeforeBegin() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}"), 4, "tensor 'w'", "before begin");
    }

    @Test
    void rejectsDataOffsetsOutsideDataSection() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}"), 4, "tensor 'w'", "past the data section");
    }

    @Test
    void rejectsGapBeforeFirstTensor() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}"), 8, "tensor 'w'", "gap of 4 bytes", "contiguous");
    }

    @Test
    void rejectsGapBetweenTensors() {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12, "tensor 'b'", "gap of 4 bytes", "after tensor 'a'");
    }

    @Test
    void rejectsOverlappingTensors() {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "tensor 'b'", "overlaps tensor 'a'");
    }

    @Test
    void rejectsByteLengthThatDisagreesWithShape() {
        assertRejected(one("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}"), 8, "tensor 'w'", "cover 8 bytes", "needs 12");
    }

    @Test
    void rejectsShapeWhoseByteCountOverflows() {
        assertRejected(one("{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}"), 8,
                "tensor 'w'", "overflows");
    }

    @Test
    void rejectsDuplicateTensorNames() {
        assertRejected("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2, "names a tensor twice", "'w'");
    }

    @Test
    void rejectsDataSectionLongerThanTensors() {
        assertRejected(one("{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}"), 3, "2 trailing bytes");
    }

    @Test
    void rejectsMetadataThatIsNotAnObject() {
        assertRejected("{\"__metadata__\":[\"a\"]}", 0, "__metadata__ is not a JSON object");
    }

    @Test
    void rejectsMetadataValueThatIsNotAString() {
        assertRejected("{\"__metadata__\":{\"step\":5}}", 0, "__metadata__ value of 'step' is not a string");
    }
}

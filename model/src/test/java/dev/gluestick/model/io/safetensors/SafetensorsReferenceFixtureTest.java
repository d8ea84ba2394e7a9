package dev.gluestick.model.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by the reference implementation (PyPI safetensors 0.8.0, its Rust core; see
 * make_reference.py next to the fixture): every dtype, a zero-element tensor, metadata.
 */
class SafetensorsReferenceFixtureTest {

    @TempDir
    Path dir;

    private Path fixture;

    @BeforeEach
    void copyFixture() throws IOException {
        fixture = dir.resolve("reference.safetensors");
        try (InputStream in = getClass().getResourceAsStream("reference-0.8.0.safetensors")) {
            assertThat(in).as("fixture on the test class path").isNotNull();
            Files.copy(in, fixture);
        }
    }

    private static byte[] le(int width, long... values) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (width) {
                case 8 -> b.putLong(v);
                case 4 -> b.putInt((int) v);
                case 2 -> b.putShort((short) v);
                default -> b.put((byte) v);
            }
        }
        return b.array();
    }

    @Test
    void readsEveryDtypeWrittenByTheReferenceImplementation() {
        try (SafetensorsFile f = SafetensorsFile.open(fixture)) {
            assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("writer", "safetensors 0.8.0"));
            assertThat(f.tensors()).extracting(TensorInfo::name).containsExactly(
                    "i64", "f64", "empty", "f32", "i32", "bf16", "f16", "i16", "f8_e4m3", "f8_e5m2", "i8", "u8", "bool");
            assertThat(f.entry("bf16").orElseThrow().info()).isEqualTo(new TensorInfo("bf16", DType.BF16, new long[] {2, 2}));
            assertThat(f.readFloats("f64")).containsExactly(1.5f, -0f);
            assertThat(f.readFloats("f32")).containsExactly(1f, -2.5f, 0f, 65504f);
            assertThat(f.readFloats("f16")).containsExactly(1f, -0f, FloatCodec.f16BitsToFloat((short) 0x03ff));
            assertThat(f.readFloats("bf16")).containsExactly(1f, -2f, 0.5f, 3.140625f);
            assertThat(f.readFloats("empty")).isEmpty();
            assertThat(f.readBytes("i64")).isEqualTo(le(8, -(1L << 40), 7));
            assertThat(f.readBytes("i32")).isEqualTo(le(4, -123456));
            assertThat(f.readBytes("i16")).isEqualTo(le(2, -2, 300));
            assertThat(f.readBytes("i8")).containsExactly(-128, 0, 127);
            assertThat(f.readBytes("u8")).containsExactly(0, 255);
            assertThat(f.readBytes("bool")).containsExactly(1, 0, 1);
            assertThat(f.readBytes("f8_e4m3")).containsExactly(0x38, 0xB8);
            assertThat(f.readBytes("f8_e5m2")).containsExactly(0x3C, 0xBC);
        }
    }

    @Test
    void rewritingTheReferenceFileReproducesItByteForByte() throws IOException {
        Path copy = dir.resolve("copy.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(fixture)) {
            SafetensorsWriter.write(copy, f.tensors(), f.metadata(), (t, out) -> f.transferTo(t.name(), out),
                    SafetensorsWriter.Overwrite.REFUSE);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fixture));
    }
}

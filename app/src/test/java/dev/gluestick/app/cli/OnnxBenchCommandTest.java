package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTimingsAndGapEnergyForAHandBuiltModel() throws Exception {
        Path model = dir.resolve("tiny.onnx");
        Files.write(model, tinyModel());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out), new PrintWriter(err),
                "bench", "onnx", model.toString(), "--repeats", "1", "--ranks", "2,4", "--per-layer");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("1 linear layers")
                .containsPattern("open: parse graph, locate initializers\\s+\\d")
                .containsPattern("fc\\.weight\\s+8x8\\s+0\\.\\d{4}\\s+0\\.\\d{4}")
                .containsPattern("all\\s+1\\s+0\\.\\d{4}");
    }

    @Test
    void rejectsAMissingModelAsBadInput() {
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "bench", "onnx", dir.resolve("absent.onnx").toString());
        assertThat(code).isEqualTo(GluestickCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("absent.onnx");
    }

    /** ModelProto { graph { node MatMul(x, onnx::MatMul_1) named /fc/MatMul; initializer 8x8 float } }. */
    private static byte[] tinyModel() {
        ByteBuffer values = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        Random rnd = new Random(7);
        for (int i = 0; i < 64; i++) {
            values.putFloat((float) rnd.nextGaussian());
        }
        byte[] tensor = concat(varint(1, 8), varint(1, 8), varint(2, 1), bytes(8, utf8("onnx::MatMul_1")),
                bytes(9, values.array()));
        byte[] node = concat(bytes(1, utf8("x")), bytes(1, utf8("onnx::MatMul_1")), bytes(2, utf8("y")),
                bytes(3, utf8("/fc/MatMul")), bytes(4, utf8("MatMul")));
        byte[] graph = concat(bytes(1, node), bytes(5, tensor));
        return concat(varint(1, 8), bytes(7, graph));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] varint(int field, long value) {
        return concat(rawVarint((long) field << 3), rawVarint(value));
    }

    private static byte[] bytes(int field, byte[] value) {
        return concat(rawVarint(((long) field << 3) | 2), rawVarint(value.length), value);
    }

    private static byte[] rawVarint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

package dev.gluestick.model.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static TensorBytesSource fromArrays(Map<String, byte[]> data) {
        return (t, out) -> {
            ByteBuffer b = ByteBuffer.wrap(data.get(t.name()));
            while (b.hasRemaining()) {
                out.write(b);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripIsBitIdenticalForEveryDtype(DType dtype) throws IOException {
        // Random bytes cover NaN payloads, subnormals, negative zero and every bit pattern.
        List<TensorInfo> tensors = List.of(
                new TensorInfo("z.first", dtype, new long[] {3, 5}),
                new TensorInfo("a.second", dtype, new long[] {7}),
                new TensorInfo("scalar", dtype, new long[] {}),
                new TensorInfo("empty", dtype, new long[] {0, 3}));
        Map<String, byte[]> data = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            data.put(t.name(), randomBytes(t.name().hashCode(), (int) t.byteSize()));
        }
        Map<String, String> meta = Map.of("format", "pt");
        Path first = dir.resolve("first.safetensors");
        SafetensorsWriter.write(first, tensors, meta, fromArrays(data), SafetensorsWriter.Overwrite.REFUSE);

        Path second = dir.resolve("second.safetensors");
        try (SafetensorsFile in = SafetensorsFile.open(first)) {
            assertThat(in.tensors()).containsExactlyElementsOf(tensors.stream()
                    .sorted((x, y) -> Long.compare(in.entry(x.name()).orElseThrow().begin(), in.entry(y.name()).orElseThrow().begin()))
                    .toList());
            for (TensorInfo t : tensors) {
                assertThat(in.readBytes(t.name())).as(t.name()).isEqualTo(data.get(t.name()));
            }
            SafetensorsWriter.write(second, in.tensors(), in.metadata(), (t, out) -> in.transferTo(t.name(), out),
                    SafetensorsWriter.Overwrite.REFUSE);
        }
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        try (SafetensorsFile again = SafetensorsFile.open(second)) {
            assertThat(again.metadata()).isEqualTo(meta);
            for (TensorInfo t : tensors) {
                assertThat(again.readBytes(t.name())).isEqualTo(data.get(t.name()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32", "F16", "BF16"})
    void floatsReadAndWrittenBackAreBitIdentical(DType dtype) throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] values = new float[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        values[0] = Float.POSITIVE_INFINITY;
        values[1] = -0f;
        values[2] = 1e-7f; // subnormal in F16
        TensorInfo t = new TensorInfo("w", dtype, new long[] {30, 100});
        Path a = dir.resolve("a.safetensors");
        SafetensorsWriter.writeFloats(a, List.of(t), Map.of("w", values), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        Path b = dir.resolve("b.safetensors");
        try (SafetensorsFile in = SafetensorsFile.open(a)) {
            float[] read = in.readFloats("w");
            assertThat(read).containsExactly(FloatCodec.decode(FloatCodec.encode(values, dtype), dtype));
            SafetensorsWriter.writeFloats(b, List.of(t), Map.of("w", read), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        }
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void headerIsSpacePaddedToEightBytesAndKeepsGivenOrder() throws IOException {
        List<TensorInfo> tensors = List.of(new TensorInfo("zeta", DType.U8, new long[] {1}),
                new TensorInfo("alpha", DType.U8, new long[] {2}));
        Path f = dir.resolve("o.safetensors");
        SafetensorsWriter.write(f, tensors, Map.of("k", "v"), fromArrays(Map.of("zeta", new byte[] {1}, "alpha", new byte[] {2, 3})),
                SafetensorsWriter.Overwrite.REFUSE);
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(all, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"k\":\"v\"},\"zeta\":");
        assertThat(header.indexOf("zeta")).isLessThan(header.indexOf("alpha"));
        assertThat(header.stripTrailing() + " ".repeat(header.length() - header.stripTrailing().length())).isEqualTo(header);
        assertThat(all).endsWith(1, 2, 3);
        try (SafetensorsFile in = SafetensorsFile.open(f)) {
            assertThat(in.tensors()).extracting(TensorInfo::name).containsExactly("zeta", "alpha");
        }
    }

    @Test
    void refusesToOverwriteExistingTargetUnlessAsked() throws IOException {
        Path f = dir.resolve("x.safetensors");
        Files.writeString(f, "precious");
        TensorInfo t = new TensorInfo("w", DType.F32, new long[] {1});
        assertThatThrownBy(() -> SafetensorsWriter.writeFloats(f, List.of(t), Map.of("w", new float[] {1}), Map.of(),
                SafetensorsWriter.Overwrite.REFUSE)).isInstanceOf(InputException.class).hasMessageContaining("already exists");
        assertThat(Files.readString(f)).isEqualTo("precious");
        SafetensorsWriter.writeFloats(f, List.of(t), Map.of("w", new float[] {1}), Map.of(), SafetensorsWriter.Overwrite.REPLACE);
        try (SafetensorsFile in = SafetensorsFile.open(f)) {
            assertThat(in.readFloats("w")).containsExactly(1f);
        }
    }

    @Test
    void writtenFileGetsNormalPermissionsNotPrivateTempOnes() throws IOException {
        Path f = dir.resolve("perm.safetensors");
        Path probe = Files.createFile(dir.resolve("probe"));
        SafetensorsWriter.writeFloats(f, List.of(new TensorInfo("w", DType.F32, new long[] {1})), Map.of("w", new float[] {1}),
                Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(Files.getPosixFilePermissions(probe));
    }

    @Test
    void sourceWritingWrongByteCountLeavesNoFileBehind() throws IOException {
        Path f = dir.resolve("short.safetensors");
        TensorInfo t = new TensorInfo("w", DType.F32, new long[] {4});
        assertThatThrownBy(() -> SafetensorsWriter.write(f, List.of(t), Map.of(),
                (ti, out) -> out.write(ByteBuffer.allocate(3)), SafetensorsWriter.Overwrite.REFUSE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrote 3 bytes for tensor 'w', expected 16");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void pullsTensorsOneAtATimeInHeaderOrder() {
        List<TensorInfo> tensors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tensors.add(new TensorInfo("t" + (4 - i), DType.I16, new long[] {i + 1}));
        }
        List<String> asked = new ArrayList<>();
        SafetensorsWriter.write(dir.resolve("s.safetensors"), tensors, Map.of(), (t, out) -> {
            asked.add(t.name());
            out.write(ByteBuffer.allocate((int) t.byteSize()));
        }, SafetensorsWriter.Overwrite.REFUSE);
        assertThat(asked).containsExactly("t4", "t3", "t2", "t1", "t0");
    }

    @Test
    void rejectsDuplicateNamesBeforeWritingAnything() {
        TensorInfo t = new TensorInfo("w", DType.U8, new long[] {1});
        assertThatThrownBy(() -> SafetensorsWriter.headerBlock(List.of(t, t), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    }
}

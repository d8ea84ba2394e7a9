package dev.gluestick.model.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads across mapping windows: tensors and single elements split between two mappings. */
class WindowedReadTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {8, 16, 24, 40, 1000})
    void tensorsStraddlingWindowsReadCorrectly(long window) {
        SplittableRandom rnd = new SplittableRandom(5);
        // Odd sizes so element boundaries fall inside windows, not on their edges.
        List<TensorInfo> tensors = List.of(new TensorInfo("a", DType.U8, new long[] {3}),
                new TensorInfo("b", DType.BF16, new long[] {37}),
                new TensorInfo("c", DType.F32, new long[] {5, 7}),
                new TensorInfo("d", DType.F16, new long[] {11}),
                new TensorInfo("e", DType.F64, new long[] {9}));
        Map<String, float[]> values = new java.util.HashMap<>();
        for (TensorInfo t : tensors) {
            float[] v = new float[(int) t.elementCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            values.put(t.name(), v);
        }
        Path f = dir.resolve("w.safetensors");
        SafetensorsWriter.write(f, tensors, Map.of(), (t, out) -> {
            if (t.dtype() == DType.U8) {
                out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            } else {
                SafetensorsWriter.writeFloats(values.get(t.name()), t.dtype(), out);
            }
        }, SafetensorsWriter.Overwrite.REFUSE);
        try (SafetensorsFile whole = SafetensorsFile.open(f); SafetensorsFile windowed = SafetensorsFile.open(f, window)) {
            for (TensorInfo t : tensors) {
                assertThat(windowed.readBytes(t.name())).as("%s bytes, window %d", t.name(), window)
                        .isEqualTo(whole.readBytes(t.name()));
                if (t.dtype().isComputable()) {
                    float[] expected = FloatCodec.decode(FloatCodec.encode(values.get(t.name()), t.dtype()), t.dtype());
                    assertThat(windowed.readFloats(t.name())).as("%s floats, window %d", t.name(), window)
                            .containsExactly(expected);
                }
            }
        }
    }

    @Test
    void aCancelledReaderThreadDoesNotBreakTheOpenFile() throws Exception {
        Path f = dir.resolve("i.safetensors");
        TensorInfo t = new TensorInfo("w", DType.F32, new long[] {64, 64});
        float[] v = new float[64 * 64];
        java.util.Arrays.fill(v, 1.5f);
        SafetensorsWriter.writeFloats(f, List.of(t), Map.of("w", v), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        try (SafetensorsFile file = SafetensorsFile.open(f, 1024)) {
            // An interrupted thread reading (a job cancelled in the window) ...
            Thread.currentThread().interrupt();
            try {
                assertThat(file.readFloats("w")).containsOnly(1.5f);
                long[] written = {0};
                file.transferTo("w", new java.nio.channels.WritableByteChannel() {
                    @Override
                    public int write(ByteBuffer src) {
                        int n = src.remaining();
                        src.position(src.limit());
                        written[0] += n;
                        return n;
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }

                    @Override
                    public void close() {}
                });
                assertThat(written[0]).isEqualTo(64 * 64 * 4);
            } finally {
                Thread.interrupted();
            }
            // ... leaves the file readable for the next job.
            assertThat(file.readFloats("w")).containsOnly(1.5f);
        }
    }

    /**
     * A sparse file of a little over 2 GiB whose last tensor straddles the 2^31 byte boundary (the
     * limit of one mapping and of int offsets). Only the header and the tensors at the end hold data.
     */
    @Test
    void readsTensorStraddlingTwoGibBoundaryInSparseFile() throws IOException {
        long twoGiB = 1L << 31;
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > (64L << 20),
                "needs 64 MiB free for the non-sparse parts of a 2 GiB sparse file");
        // pad: U8 filler reaching just below 2 GiB; then "mark" (BF16, 64 elements) across it; then "tail".
        int markElements = 64;
        byte[] probe = SafetensorsWriter.headerBlock(List.of(new TensorInfo("pad", DType.U8, new long[] {2_000_000_000L}),
                new TensorInfo("mark", DType.BF16, new long[] {markElements}),
                new TensorInfo("tail", DType.F32, new long[] {4})), Map.of());
        long dataStart = probe.length; // offsets with the same digit count give the same header length
        long padBytes = twoGiB - dataStart - 51; // "mark" starts 51 bytes before 2 GiB: an odd split of an element
        List<TensorInfo> tensors = List.of(new TensorInfo("pad", DType.U8, new long[] {padBytes}),
                new TensorInfo("mark", DType.BF16, new long[] {markElements}),
                new TensorInfo("tail", DType.F32, new long[] {4}));
        byte[] header = SafetensorsWriter.headerBlock(tensors, Map.of());
        long markStart = header.length + padBytes;
        Assumptions.assumeTrue(markStart < twoGiB && markStart + 2L * markElements > twoGiB,
                "header length changed the layout; the mark must straddle 2 GiB");
        float[] mark = new float[markElements];
        for (int i = 0; i < markElements; i++) {
            mark[i] = i - 20.5f;
        }
        Path f = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(markStart + 2L * markElements + 16);
            raf.seek(0);
            raf.write(header);
            raf.seek(markStart);
            raf.write(FloatCodec.encode(mark, DType.BF16));
            raf.write(FloatCodec.encode(new float[] {1, 2, 3, 4}, DType.F32));
        }
        assertThat(Files.size(f)).isGreaterThan(twoGiB);
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertThat(sf.entry("mark").orElseThrow().begin() + sf.header().dataStart()).isEqualTo(markStart);
            assertThat(sf.readFloats("mark")).containsExactly(mark);
            assertThat(sf.readFloats("tail")).containsExactly(1, 2, 3, 4);
            assertThat(FloatCodec.decode(sf.readBytes("mark"), DType.BF16)).containsExactly(mark);
        }
    }
}

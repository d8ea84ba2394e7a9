package dev.gluestick.model.io.onnx;

import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets past 2 GiB: an unknown field of zeros (a hole in a sparse file, so the disk holds only a
 * few KB) pushes the graph so that a weight's raw_data straddles the 2 GiB mark, which is also a
 * boundary between two of the reader's 1 GiB map windows.
 */
class OnnxLargeFileTest {

    @TempDir
    Path dir;

    @Test
    void readsAWeightStraddlingTheTwoGibMarkOfASparseFile() throws Exception {
        assumeThat(dir.getFileSystem().provider().getFileStore(dir).getUsableSpace())
                .as("room for the file should the file system not store holes").isGreaterThan(3L << 30);
        float[] inOut = new float[64 * 32];
        for (int i = 0; i < inOut.length; i++) {
            inOut[i] = i * 0.25f - 100f;
        }
        byte[] graph = new OnnxFixture()
                .initializer(OnnxFixture.floatTensor("onnx::MatMul_1", new long[] {64, 32}, inOut))
                .node(OnnxFixture.node("/big/fc/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .graph()
                .toBytes();
        byte[] graphKey = new ProtoWriter().key(7, 2).rawVarint(graph.length).toBytes();
        // Field 1000, length-delimited: key (2 bytes) + length varint (5 bytes) + padding.
        long target = 1L << 31;
        int rawAt = indexOf(graph, OnnxFixture.le(inOut));
        long padding = target - 7 - graphKey.length - rawAt - 1000; // raw_data starts 1000 bytes before 2 GiB
        byte[] padKey = new ProtoWriter().key(1000, 2).rawVarint(padding).toBytes();
        assertThat(padKey).hasSize(7);
        Path p = dir.resolve("big.onnx");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(padKey);
            f.seek(padKey.length + padding);
            f.write(graphKey);
            f.write(graph);
        }
        try {
            assertThat(Files.size(p)).isGreaterThan(target);
            try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
                float[] outIn = c.readFloats("big.fc.weight");
                for (int o = 0; o < 32; o++) {
                    for (int i = 0; i < 64; i++) {
                        assertThat(outIn[o * 64 + i]).isEqualTo(inOut[i * 32 + o]);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }
}

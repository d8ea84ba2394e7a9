package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.app.bench.SyntheticLlama;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoBenchCommandTest {

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static final String[] SMALL = {"--blocks", "2", "--repeat", "1", "--hidden", "16", "--intermediate", "44",
        "--vocab", "10", "--shard-bytes", "4000"};

    private String[] bench(Path d) {
        String[] args = new String[SMALL.length + 4];
        args[0] = "bench";
        args[1] = "io";
        args[2] = "--dir";
        args[3] = d.toString();
        System.arraycopy(SMALL, 0, args, 4, SMALL.length);
        return run(args);
    }

    @Test
    void writesShardedCheckpointThenReusesIt() {
        Path d = dir.resolve("bench");
        String[] first = bench(d);
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        assertThat(first[1]).contains("wrote it in").contains("open + list layers:").contains("(14 linear layers;")
                .contains("sequential read:").contains("linear weights->float32:").contains("ratio float32 decode / sequential read");
        try (Checkpoint c = Checkpoints.open(d)) {
            assertThat(c.layout()).isEqualTo(CheckpointLayout.FOLDER_SHARDED);
            assertThat(c.config().orElseThrow().modelType()).isEqualTo("llama");
            assertThat(c.config().orElseThrow().size("num_hidden_layers")).hasValue(2);
            assertThat(c.tensors()).hasSize(1 + 2 * 9 + 2);
            assertThat(c.tensors().stream().map(t -> c.sourceFile(t.name())).distinct().count()).isGreaterThan(1);
            float[] q = c.readFloats("model.layers.1.self_attn.q_proj.weight");
            for (float v : q) {
                assertThat(Math.abs(v)).isBetween(0x1p-7f, 0x1p-3f);
            }
            assertThat(c.readFloats("model.norm.weight")).containsOnly(1f);
        }
        String[] second = bench(d);
        assertThat(second[0]).isEqualTo("0");
        assertThat(second[1]).contains("reusing the synthetic checkpoint").doesNotContain("wrote it in");
    }

    @Test
    void generatorIsDeterministicForASeed() {
        SyntheticLlama a = new SyntheticLlama(1, 8, 12, 6, 42, 1000);
        a.writeTo(dir.resolve("a"));
        a.writeTo(dir.resolve("b"));
        try (Checkpoint x = Checkpoints.open(dir.resolve("a")); Checkpoint y = Checkpoints.open(dir.resolve("b"))) {
            for (var t : x.tensors()) {
                assertThat(y.readBytes(t.name())).isEqualTo(x.readBytes(t.name()));
            }
        }
    }

    @Test
    void refusesFolderHoldingOtherFiles() throws IOException {
        Path d = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(d.resolve("notes.txt"), "keep me");
        String[] r = bench(d);
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("not empty").contains("gluestick bench checkpoint");
        assertThat(Files.readString(d.resolve("notes.txt"))).isEqualTo("keep me");
    }

    @Test
    void reportsShortDiskSpaceClearly() {
        String[] r = run("bench", "io", "--dir", dir.resolve("huge").toString(), "--blocks", "1",
                "--vocab", "2000000000", "--hidden", "100000", "--intermediate", "8");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("GB free but only").contains("GB are available");
    }
}

package dev.gluestick.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static final String CONFIG = "{\"model_type\":\"llama\",\"architectures\":[\"LlamaForCausalLM\"],"
            + "\"hidden_size\":8,\"num_hidden_layers\":2,\"rms_norm_eps\":1e-6,\"text_config\":{\"vocab_size\":32}}";

    /** Writes a shard whose tensor i holds the values (i+1) * 0.5 repeated. */
    private static void shard(Path file, Map<String, String> meta, TensorInfo... tensors) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            float[] v = new float[(int) t.elementCount()];
            java.util.Arrays.fill(v, t.name().length() * 0.5f);
            values.put(t.name(), v);
        }
        SafetensorsWriter.writeFloats(file, List.of(tensors), values, meta, SafetensorsWriter.Overwrite.REFUSE);
    }

    private static TensorInfo bf16(String name, long... shape) {
        return new TensorInfo(name, DType.BF16, shape);
    }

    private static final TensorInfo Q0 = bf16("model.layers.0.self_attn.q_proj.weight", 8, 8);
    private static final TensorInfo N0 = bf16("model.layers.0.input_layernorm.weight", 8);
    private static final TensorInfo Q1 = bf16("model.layers.1.self_attn.q_proj.weight", 8, 8);
    private static final TensorInfo HEAD = bf16("lm_head.weight", 32, 8);

    private static String index(long totalSize, String... pairs) {
        StringBuilder sb = new StringBuilder("{\"metadata\":{\"total_size\":" + totalSize + "},\"weight_map\":{");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1]).append('"');
        }
        return sb.append("}}").toString();
    }

    private static final String S1 = "model-00001-of-00002.safetensors";
    private static final String S2 = "model-00002-of-00002.safetensors";
    private static final long TOTAL = 2 * (64 * 2) + 8 * 2 + 32 * 8 * 2;

    /** A valid two-shard Llama-like folder; tests then break one thing. */
    private Path shardedFolder() throws IOException {
        Path m = Files.createDirectories(dir.resolve("model"));
        shard(m.resolve(S1), Map.of("format", "pt"), Q0, N0);
        shard(m.resolve(S2), Map.of("format", "pt"), Q1, HEAD);
        Files.writeString(m.resolve("config.json"), CONFIG);
        Files.writeString(m.resolve("model.safetensors.index.json"),
                index(TOTAL, Q0.name(), S1, N0.name(), S1, Q1.name(), S2, HEAD.name(), S2));
        return m;
    }

    @Test
    void opensShardedFolderReadingOnlyHeaders() throws IOException {
        try (Checkpoint c = Checkpoints.open(shardedFolder())) {
            assertThat(c.layout()).isEqualTo(CheckpointLayout.FOLDER_SHARDED);
            assertThat(c.tensors()).containsExactly(Q0, N0, Q1, HEAD);
            assertThat(c.sourceFile(Q1.name())).isEqualTo(S2);
            assertThat(c.sourceFile(N0.name())).isEqualTo(S1);
            assertThat(c.metadata()).containsEntry("format", "pt");
            assertThat(c.readFloats(HEAD.name())).hasSize(256).containsOnly(HEAD.name().length() * 0.5f);
            assertThat(c.readBytes(N0.name())).hasSize(16);
            assertThat(c.warnings()).isEmpty();
            ModelConfig cfg = c.config().orElseThrow();
            assertThat(cfg.modelType()).isEqualTo("llama");
            assertThat(cfg.firstArchitecture()).contains("LlamaForCausalLM");
            assertThat(cfg.size("hidden_size")).hasValue(8);
            assertThat(cfg.size("text_config.vocab_size")).hasValue(32);
            assertThat(cfg.sizes()).doesNotContainKey("rms_norm_eps");
        }
    }

    @Test
    void opensSingleFileAndFolderWithModelSafetensors() throws IOException {
        Path m = Files.createDirectories(dir.resolve("single"));
        shard(m.resolve("model.safetensors"), Map.of(), Q0, HEAD);
        try (Checkpoint folder = Checkpoints.open(m); Checkpoint file = Checkpoints.open(m.resolve("model.safetensors"))) {
            assertThat(folder.layout()).isEqualTo(CheckpointLayout.FOLDER_SINGLE);
            assertThat(file.layout()).isEqualTo(CheckpointLayout.SAFETENSORS_FILE);
            assertThat(folder.tensors()).containsExactly(Q0, HEAD);
            assertThat(file.sourceFile(Q0.name())).isEqualTo("model.safetensors");
            assertThat(folder.config()).isEmpty();
            assertThat(file.readFloats(Q0.name())).isEqualTo(folder.readFloats(Q0.name()));
        }
    }

    @Test
    void concurrentReadsAgree() throws Exception {
        try (Checkpoint c = Checkpoints.open(shardedFolder())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    TensorInfo t = List.of(Q0, N0, Q1, HEAD).get(i % 4);
                    results.add(pool.submit(() -> c.readFloats(t.name())));
                }
                for (int i = 0; i < results.size(); i++) {
                    String name = List.of(Q0, N0, Q1, HEAD).get(i % 4).name();
                    assertThat(results.get(i).get()).containsOnly(name.length() * 0.5f);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void closedCheckpointGivesClearError() throws IOException {
        Checkpoint c = Checkpoints.open(shardedFolder());
        c.close();
        c.close();
        assertThatThrownBy(() -> c.readFloats(Q0.name())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void rejectsUnknownTensorAndNonFloatRead() throws IOException {
        Path f = dir.resolve("ints.safetensors");
        SafetensorsWriter.write(f, List.of(new TensorInfo("ids", DType.I64, new long[] {2})), Map.of(),
                (t, out) -> out.write(java.nio.ByteBuffer.allocate(16)), SafetensorsWriter.Overwrite.REFUSE);
        try (Checkpoint c = Checkpoints.open(f)) {
            assertThatThrownBy(() -> c.readFloats("ids")).isInstanceOf(InputException.class).hasMessageContaining("I64");
            assertThatThrownBy(() -> c.readFloats("nope")).isInstanceOf(InputException.class).hasMessageContaining("'nope'");
        }
    }

    @Test
    void rejectsMissingShard() throws IOException {
        Path m = shardedFolder();
        Files.delete(m.resolve(S2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining(S2).hasMessageContaining("does not exist");
    }

    @Test
    void rejectsTensorMappedToShardThatLacksIt() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"), index(TOTAL,
                Q0.name(), S1, N0.name(), S1, Q1.name(), S2, HEAD.name(), S2, "ghost.weight", S2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("'ghost.weight'").hasMessageContaining(S2).hasMessageContaining("does not contain it");
    }

    @Test
    void rejectsTensorStoredInOneShardButMappedToAnother() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"),
                index(TOTAL, Q0.name(), S1, N0.name(), S2, Q1.name(), S2, HEAD.name(), S2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining(N0.name()).hasMessageContaining("stored here but").hasMessageContaining("maps it to " + S2);
    }

    @Test
    void rejectsTensorStoredInShardButMissingFromIndex() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"), index(TOTAL, Q0.name(), S1, Q1.name(), S2, HEAD.name(), S2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining(N0.name()).hasMessageContaining("not listed in the weight_map");
    }

    @Test
    void rejectsTensorStoredInTwoShards() throws IOException {
        Path m = shardedFolder();
        Files.delete(m.resolve(S2));
        shard(m.resolve(S2), Map.of(), Q1, HEAD, N0);
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining(N0.name()).hasMessageContaining("stored in both " + S1 + " and " + S2);
    }

    @Test
    void rejectsTensorMappedTwiceInIndex() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"),
                index(TOTAL, Q0.name(), S1, N0.name(), S1, Q1.name(), S2, HEAD.name(), S2, Q0.name(), S2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("model.safetensors.index.json").hasMessageContaining("maps a tensor twice")
                .hasMessageContaining(Q0.name());
    }

    @Test
    void rejectsShardFileNotListedInIndex() throws IOException {
        Path m = shardedFolder();
        shard(m.resolve("model-extra.safetensors"), Map.of(), bf16("x.weight", 2, 2));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("model-extra.safetensors").hasMessageContaining("not listed in model.safetensors.index.json");
    }

    @Test
    void rejectsShardNameThatLeavesTheFolder() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"), index(TOTAL, Q0.name(), "../" + S1));
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("not a file name in the same folder");
    }

    @Test
    void warnsWhenTotalSizeDisagreesWithShards() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"),
                index(TOTAL + 2, Q0.name(), S1, N0.name(), S1, Q1.name(), S2, HEAD.name(), S2));
        try (Checkpoint c = Checkpoints.open(m)) {
            assertThat(c.warnings()).singleElement().asString()
                    .contains("total_size is " + (TOTAL + 2)).contains("hold " + TOTAL);
        }
    }

    @Test
    void rejectsIndexThatIsNotJson() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"), "{\"weight_map\": ");
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("model.safetensors.index.json: not valid JSON");
    }

    @Test
    void rejectsIndexWithoutWeightMap() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("model.safetensors.index.json"), "{\"metadata\":{}}");
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("no \"weight_map\"");
    }

    @Test
    void rejectsFolderWithoutWeights() throws IOException {
        Path m = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(m.resolve("config.json"), CONFIG);
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("no model weights");
    }

    @Test
    void rejectsFolderWithOnlyUnrecognizedSafetensorsFile() throws IOException {
        Path m = Files.createDirectories(dir.resolve("odd"));
        shard(m.resolve("weights.safetensors"), Map.of(), Q0);
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("weights.safetensors").hasMessageContaining("open the .safetensors file directly");
    }

    @Test
    void rejectsMalformedConfigJson() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("config.json"), "{\"model_type\": llama}");
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("config.json: not valid JSON");
    }

    @Test
    void rejectsConfigWithNonStringModelType() throws IOException {
        Path m = shardedFolder();
        Files.writeString(m.resolve("config.json"), "{\"model_type\": 3}");
        assertThatThrownBy(() -> Checkpoints.open(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("config.json: \"model_type\" is not a string");
    }

    @Test
    void rejectsMissingPathAndUnsupportedFile() throws IOException {
        assertThatThrownBy(() -> Checkpoints.open(dir.resolve("nope"))).isInstanceOf(InputException.class)
                .hasMessageContaining("no such file or folder");
        Path bin = Files.writeString(dir.resolve("pytorch_model.bin"), "x");
        assertThatThrownBy(() -> Checkpoints.open(bin)).isInstanceOf(InputException.class)
                .hasMessageContaining("unsupported checkpoint file");
    }
}

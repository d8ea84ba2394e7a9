package dev.gluestick.samples.policy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointAndAdapterTest {

    private static final NavPolicyConfig SMALL = new NavPolicyConfig(32, 2);

    @TempDir
    Path tmp;

    @Test
    void checkpointRoundTripsBitForBit() {
        PolicyWeights w = RandomPolicies.dense(SMALL, 5);
        Path dir = tmp.resolve("policy");
        PolicyCheckpoint.save(w, dir, Map.of("seed", "5"));
        assertThat(dir.resolve("config.json")).exists();
        PolicyWeights back = PolicyCheckpoint.load(dir);
        assertThat(back.config()).isEqualTo(SMALL);
        for (int l = 0; l < SMALL.layerCount(); l++) {
            assertThat(back.layers().get(l).weight()).containsExactly(w.layers().get(l).weight());
            assertThat(back.layers().get(l).bias()).containsExactly(w.layers().get(l).bias());
        }
    }

    @Test
    void refusesToSaveOverANonEmptyFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(dir.resolve("keep.txt"), "user data");
        assertThatThrownBy(() -> PolicyCheckpoint.save(RandomPolicies.dense(SMALL, 1), dir, Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("already exists");
        assertThat(dir.resolve("keep.txt")).hasContent("user data");
    }

    @Test
    void rejectsAForeignModelType() throws IOException {
        Path dir = tmp.resolve("p");
        PolicyCheckpoint.save(RandomPolicies.dense(SMALL, 1), dir, Map.of());
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("gluestick-nav-policy", "llama"));
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("config.json").hasMessageContaining("llama");
    }

    @Test
    void rejectsAMisshapenTensor() throws IOException {
        Path dir = tmp.resolve("p");
        PolicyCheckpoint.save(RandomPolicies.dense(SMALL, 1), dir, Map.of());
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"hidden_size\" : 32", "\"hidden_size\" : 64"));
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("policy.layers.0.fc.weight").hasMessageContaining("shape");
    }

    @Test
    void rejectsAMissingFolder() {
        assertThatThrownBy(() -> PolicyCheckpoint.load(tmp.resolve("nope"))).isInstanceOf(InputException.class)
                .hasMessageContaining("nope");
    }

    /** Writes a PEFT adapter folder: lora_A = B (r x in), lora_B = A (out x r). */
    private Path writeAdapter(Map<String, LowRankCorrection> corr, String configJson, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<TensorInfo> infos = new ArrayList<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (var e : corr.entrySet()) {
            LowRankCorrection c = e.getValue();
            String a = "base_model.model." + e.getKey() + ".lora_A.weight";
            String b = "base_model.model." + e.getKey() + ".lora_B.weight";
            infos.add(new TensorInfo(a, DType.F32, new long[] {c.rank(), c.cols()}));
            values.put(a, c.b());
            infos.add(new TensorInfo(b, DType.F32, new long[] {c.rows(), c.rank()}));
            values.put(b, c.a());
        }
        SafetensorsWriter.writeFloats(dir.resolve("adapter_model.safetensors"), infos, values, Map.of(),
                SafetensorsWriter.Overwrite.REFUSE);
        Files.writeString(dir.resolve("adapter_config.json"), configJson);
        return dir;
    }

    @Test
    void loadsAPeftAdapterWithScalingAndPerLayerRanks() throws IOException {
        Map<String, LowRankCorrection> corr = RandomPolicies.corrections(SMALL, 4, 9);
        // policy.head gets rank 4 and alpha 8 via the patterns (scale 2); the others r = 4, alpha 4 (scale 1).
        Path dir = writeAdapter(corr, """
                {"peft_type": "LORA", "r": 4, "lora_alpha": 4, "bias": "none",
                 "target_modules": ["policy.layers.1.fc", "policy.head"],
                 "rank_pattern": {"head": 4}, "alpha_pattern": {"head": 8}}
                """, "adapter");
        Map<String, LowRankCorrection> loaded = LoraAdapter.load(dir, SMALL);
        assertThat(loaded).containsOnlyKeys("policy.layers.1.fc", "policy.head");
        assertThat(loaded.get("policy.layers.1.fc").a()).containsExactly(corr.get("policy.layers.1.fc").a());
        assertThat(loaded.get("policy.layers.1.fc").b()).containsExactly(corr.get("policy.layers.1.fc").b());
        float[] headA = corr.get("policy.head").a();
        float[] got = loaded.get("policy.head").a();
        for (int i = 0; i < headA.length; i++) {
            assertThat(got[i]).isEqualTo(2 * headA[i]);
        }
        // Applied factored, the adapter changes the policy's output.
        PolicyWeights w = RandomPolicies.dense(SMALL, 1).withCorrections(loaded);
        assertThat(w.isFactored()).isTrue();
    }

    @Test
    void rejectsAdapterForAnUnknownModule() throws IOException {
        Map<String, LowRankCorrection> corr = new LinkedHashMap<>(RandomPolicies.corrections(SMALL, 2, 1));
        LowRankCorrection c = corr.remove("policy.head");
        corr.put("policy.tail", c);
        Path dir = writeAdapter(corr, "{\"r\": 2, \"lora_alpha\": 2}", "bad");
        assertThatThrownBy(() -> LoraAdapter.load(dir, SMALL)).isInstanceOf(InputException.class)
                .hasMessageContaining("policy.tail");
    }

    @Test
    void rejectsAdapterWhoseRankContradictsItsConfig() throws IOException {
        Path dir = writeAdapter(RandomPolicies.corrections(SMALL, 2, 1), "{\"r\": 3, \"lora_alpha\": 3}", "rank");
        assertThatThrownBy(() -> LoraAdapter.load(dir, SMALL)).isInstanceOf(InputException.class)
                .hasMessageContaining("r = 3");
    }

    @Test
    void rejectsAdapterWithHalfAPair() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("half"));
        String a = "base_model.model.policy.head.lora_A.weight";
        SafetensorsWriter.writeFloats(dir.resolve("adapter_model.safetensors"),
                List.of(new TensorInfo(a, DType.F32, new long[] {2, 32})), Map.of(a, new float[64]), Map.of(),
                SafetensorsWriter.Overwrite.REFUSE);
        Files.writeString(dir.resolve("adapter_config.json"), "{\"r\": 2, \"lora_alpha\": 2}");
        assertThatThrownBy(() -> LoraAdapter.load(dir, SMALL)).isInstanceOf(InputException.class)
                .hasMessageContaining("no lora_B");
    }

    @Test
    void rejectsAdapterWithWrongShapes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shape"));
        String a = "base_model.model.policy.head.lora_A.weight";
        String b = "base_model.model.policy.head.lora_B.weight";
        SafetensorsWriter.writeFloats(dir.resolve("adapter_model.safetensors"),
                List.of(new TensorInfo(a, DType.F32, new long[] {2, 31}), new TensorInfo(b, DType.F32, new long[] {2, 2})),
                Map.of(a, new float[62], b, new float[4]), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        Files.writeString(dir.resolve("adapter_config.json"), "{\"r\": 2, \"lora_alpha\": 2}");
        assertThatThrownBy(() -> LoraAdapter.load(dir, SMALL)).isInstanceOf(InputException.class)
                .hasMessageContaining("policy.head").hasMessageContaining("expected");
    }

    @Test
    void rejectsAFolderWithoutAdapterFiles() {
        assertThatThrownBy(() -> LoraAdapter.load(tmp, SMALL)).isInstanceOf(InputException.class)
                .hasMessageContaining("adapter_config.json");
    }
}

package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A tiny Llama-shaped folder: q_proj half zeros (values 0,2,0,2..), down_proj holding one NaN. */
    private Path model() throws IOException {
        Path m = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(m.resolve("config.json"),
                "{\"model_type\":\"llama\",\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":4}");
        List<TensorInfo> ts = List.of(
                new TensorInfo("model.embed_tokens.weight", DType.BF16, new long[] {10, 4}),
                new TensorInfo("model.layers.0.self_attn.q_proj.weight", DType.BF16, new long[] {4, 4}),
                new TensorInfo("model.layers.0.mlp.down_proj.weight", DType.F16, new long[] {4, 8}),
                new TensorInfo("model.layers.0.input_layernorm.weight", DType.BF16, new long[] {4}),
                new TensorInfo("lm_head.weight", DType.F32, new long[] {10, 4}));
        Map<String, float[]> v = new LinkedHashMap<>();
        for (TensorInfo t : ts) {
            v.put(t.name(), new float[(int) t.elementCount()]);
        }
        float[] q = v.get("model.layers.0.self_attn.q_proj.weight");
        for (int i = 0; i < q.length; i++) {
            q[i] = i % 2 == 0 ? 0 : 2;
        }
        float[] down = v.get("model.layers.0.mlp.down_proj.weight");
        java.util.Arrays.fill(down, 1f);
        down[5] = Float.NaN;
        SafetensorsWriter.writeFloats(m.resolve("model.safetensors"), ts, v, Map.of("format", "pt"),
                SafetensorsWriter.Overwrite.REFUSE);
        return m;
    }

    @Test
    void printsSummaryAndLinearLayerTable() throws IOException {
        Run r = run("inspect", model().toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Model type:  llama (LlamaForCausalLM)")
                .contains("Tensors:     5")
                .contains("Parameters:  132")
                .containsPattern("BF16 +120")
                .containsPattern("F16 +64")
                .containsPattern("F32 +160")
                .contains("Linear layers: 2 (48 parameters)")
                .containsPattern("model\\.layers\\.0\\.self_attn\\.q_proj +4x4 +BF16 +16")
                .containsPattern("model\\.layers\\.0\\.mlp\\.down_proj +4x8 +F16 +32")
                .doesNotContain("lm_head  ").doesNotContain("embed_tokens  ");
    }

    @Test
    void statsShowSparsityNormAndWarnOnNaN() throws IOException {
        Run r = run("inspect", "--stats", model().toString());
        assertThat(r.exit()).isZero();
        // q_proj: 8 zeros of 16, norm sqrt(8 * 4) = 5.6569
        assertThat(r.out()).containsPattern("q_proj .*50\\.00% +5\\.6569 +0 +0");
        // down_proj: 31 ones and a NaN: norm sqrt(31) = 5.5678
        assertThat(r.out()).containsPattern("down_proj .*0\\.00% +5\\.5678 +1 +0");
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("gluestick: warning: ").contains("down_proj.weight").contains("1 NaN and 0 Inf");
    }

    @Test
    void jsonHasTheDocumentedFields() throws IOException {
        Run r = run("inspect", "--json", "--stats", model().toString());
        assertThat(r.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("layout").asText()).isEqualTo("FOLDER_SINGLE");
        assertThat(j.get("model_type").asText()).isEqualTo("llama");
        assertThat(j.at("/config/architectures/0").asText()).isEqualTo("LlamaForCausalLM");
        assertThat(j.at("/config/sizes/hidden_size").asLong()).isEqualTo(4);
        assertThat(j.get("tensor_count").asInt()).isEqualTo(5);
        assertThat(j.get("parameter_count").asLong()).isEqualTo(132);
        assertThat(j.at("/bytes_by_dtype/BF16").asLong()).isEqualTo(120);
        assertThat(j.get("total_bytes").asLong()).isEqualTo(344);
        assertThat(j.get("linear_layer_count").asInt()).isEqualTo(2);
        assertThat(j.get("linear_parameter_count").asLong()).isEqualTo(48);
        JsonNode q = j.at("/linear_layers/0");
        assertThat(q.get("name").asText()).isEqualTo("model.layers.0.self_attn.q_proj");
        assertThat(q.get("tensor").asText()).isEqualTo("model.layers.0.self_attn.q_proj.weight");
        assertThat(q.get("block").asInt()).isZero();
        assertThat(q.get("sublayer").asText()).isEqualTo("q_proj");
        assertThat(q.get("shape").toString()).isEqualTo("[4,4]");
        assertThat(q.get("dtype").asText()).isEqualTo("BF16");
        assertThat(q.get("parameters").asLong()).isEqualTo(16);
        assertThat(q.get("source_file").asText()).isEqualTo("model.safetensors");
        assertThat(q.at("/stats/sparsity").asDouble()).isEqualTo(0.5);
        assertThat(q.at("/stats/zeros").asLong()).isEqualTo(8);
        assertThat(q.at("/stats/frobenius_norm").asDouble()).isCloseTo(Math.sqrt(32), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.at("/linear_layers/1/stats/nan_count").asLong()).isEqualTo(1);
        assertThat(j.get("warnings").isArray()).isTrue();
    }

    @Test
    void includeAndExcludeSelectLayers() throws IOException {
        Path m = model();
        Run only = run("inspect", "--include", "down_proj", m.toString());
        assertThat(only.out()).contains("Linear layers: 1 (32 parameters)").contains("down_proj").doesNotContain("q_proj");
        Run head = run("inspect", "--include", "lm_head", "--include", "*.q_proj", m.toString());
        assertThat(head.out()).contains("Linear layers: 2").contains("lm_head").contains("q_proj");
        Run none = run("inspect", "--exclude", "model.layers.*", m.toString());
        assertThat(none.out()).contains("Linear layers: 0 (0 parameters)");
    }

    @Test
    void malformedFileExitsTwoWithOneLineMessage() throws IOException {
        Path bad = Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3});
        Run r = run("inspect", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("gluestick: ").contains("bad.safetensors").contains("shorter than the 8-byte");
    }

    @Test
    void missingPathExitsTwoAndDebugAddsStackTrace() {
        Run r = run("inspect", dir.resolve("none").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no such file or folder").doesNotContain("\tat ");
        Run d = run("--debug", "inspect", dir.resolve("none").toString());
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("\tat ");
    }

    @Test
    void unknownOptionExitsTwo() {
        Run r = run("inspect", "--bogus", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--bogus");
    }
}

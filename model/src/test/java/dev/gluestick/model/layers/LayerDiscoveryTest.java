package dev.gluestick.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LayerDiscoveryTest {

    private static TensorInfo t(String name, DType dtype, long... shape) {
        return new TensorInfo(name, dtype, shape);
    }

    private static List<TensorInfo> llama() {
        List<TensorInfo> ts = new ArrayList<>();
        ts.add(t("model.embed_tokens.weight", DType.BF16, 100, 16));
        for (int i = 0; i < 2; i++) {
            String p = "model.layers." + i + ".";
            for (String s : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
                ts.add(t(p + "self_attn." + s + ".weight", DType.BF16, 16, 16));
            }
            ts.add(t(p + "mlp.gate_proj.weight", DType.BF16, 44, 16));
            ts.add(t(p + "mlp.up_proj.weight", DType.BF16, 44, 16));
            ts.add(t(p + "mlp.down_proj.weight", DType.BF16, 16, 44));
            ts.add(t(p + "input_layernorm.weight", DType.BF16, 16));
            ts.add(t(p + "post_attention_layernorm.weight", DType.BF16, 16));
        }
        ts.add(t("model.norm.weight", DType.BF16, 16));
        ts.add(t("lm_head.weight", DType.BF16, 100, 16));
        return ts;
    }

    @Test
    void findsLlamaProjectionsAndSkipsEmbeddingNormsAndHead() {
        List<LinearLayer> layers = LayerDiscovery.discover(llama());
        assertThat(layers).hasSize(14);
        assertThat(layers).extracting(LinearLayer::modulePath).doesNotContain("lm_head", "model.embed_tokens");
        LinearLayer down = layers.get(6);
        assertThat(down.tensorName()).isEqualTo("model.layers.0.mlp.down_proj.weight");
        assertThat(down.modulePath()).isEqualTo("model.layers.0.mlp.down_proj");
        assertThat(down.rows()).isEqualTo(16);
        assertThat(down.cols()).isEqualTo(44);
        assertThat(down.block()).hasValue(0);
        assertThat(down.sublayer()).isEqualTo("down_proj");
        assertThat(layers.get(13).block()).hasValue(1);
    }

    @Test
    void findsBertDenseLayersWithBlockIndex() {
        List<TensorInfo> ts = List.of(
                t("bert.embeddings.word_embeddings.weight", DType.F32, 30522, 8),
                t("bert.embeddings.LayerNorm.weight", DType.F32, 8),
                t("bert.encoder.layer.11.attention.self.query.weight", DType.F32, 8, 8),
                t("bert.encoder.layer.11.attention.self.query.bias", DType.F32, 8),
                t("bert.encoder.layer.11.attention.output.LayerNorm.weight", DType.F32, 8),
                t("bert.encoder.layer.11.intermediate.dense.weight", DType.F32, 32, 8),
                t("bert.pooler.dense.weight", DType.F32, 8, 8));
        List<LinearLayer> layers = LayerDiscovery.discover(ts);
        assertThat(layers).extracting(LinearLayer::modulePath).containsExactly(
                "bert.encoder.layer.11.attention.self.query", "bert.encoder.layer.11.intermediate.dense", "bert.pooler.dense");
        assertThat(layers.get(0).block()).hasValue(11);
        assertThat(layers.get(2).block()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void findsGpt2ConvLayersAndSkipsWteWpeAndLn() {
        List<TensorInfo> ts = List.of(
                t("transformer.wte.weight", DType.F16, 50257, 8),
                t("transformer.wpe.weight", DType.F16, 1024, 8),
                t("transformer.h.3.ln_1.weight", DType.F16, 8),
                t("transformer.h.3.attn.c_attn.weight", DType.F16, 8, 24),
                t("transformer.h.3.mlp.c_fc.weight", DType.F16, 8, 32),
                t("transformer.ln_f.weight", DType.F16, 8));
        List<LinearLayer> layers = LayerDiscovery.discover(ts);
        assertThat(layers).extracting(LinearLayer::sublayer).containsExactly("c_attn", "c_fc");
        assertThat(layers).allSatisfy(l -> assertThat(l.block()).hasValue(3));
    }

    @Test
    void skipsNonFloatAndNonMatrixTensors() {
        List<TensorInfo> ts = List.of(
                t("a.weight", DType.I8, 4, 4),
                t("b.weight", DType.F8_E4M3, 4, 4),
                t("c.weight", DType.F32, 2, 4, 4),
                t("d.bias", DType.F32, 4, 4),
                t("e.weight", DType.F32, 0, 4),
                t("f.weight", DType.F32, 4, 4));
        assertThat(LayerDiscovery.discover(ts)).extracting(LinearLayer::modulePath).containsExactly("f");
    }

    @Test
    void bareWordIncludeMatchesLastComponentLikePeftTargetModules() {
        List<LinearLayer> layers = LayerDiscovery.discover(llama(), LayerSelection.of(List.of("q_proj", "v_proj"), List.of()));
        assertThat(layers).extracting(LinearLayer::modulePath).containsExactly(
                "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj");
    }

    @Test
    void dottedSuffixIncludeMatchesModulePathSuffix() {
        List<LinearLayer> layers = LayerDiscovery.discover(llama(), LayerSelection.of(List.of("mlp.down_proj"), List.of()));
        assertThat(layers).extracting(LinearLayer::sublayer).containsExactly("down_proj", "down_proj");
        assertThat(LayerDiscovery.discover(llama(), LayerSelection.of(List.of("proj"), List.of()))).isEmpty();
    }

    @Test
    void globMatchesWholeModulePath() {
        List<LinearLayer> layers = LayerDiscovery.discover(llama(), LayerSelection.of(List.of("model.layers.1.mlp.*"), List.of()));
        assertThat(layers).extracting(LinearLayer::modulePath).containsExactly(
                "model.layers.1.mlp.gate_proj", "model.layers.1.mlp.up_proj", "model.layers.1.mlp.down_proj");
        assertThat(LayerDiscovery.discover(llama(), LayerSelection.of(List.of("layers.1.mlp.*"), List.of()))).isEmpty();
        assertThat(LayerDiscovery.discover(llama(), LayerSelection.of(List.of("*.?_proj"), List.of()))).hasSize(8);
    }

    @Test
    void excludeAlwaysWinsAndExplicitIncludeCanSelectHead() {
        List<LinearLayer> noMlp = LayerDiscovery.discover(llama(), LayerSelection.of(List.of(), List.of("*.mlp.*")));
        assertThat(noMlp).hasSize(8).allSatisfy(l -> assertThat(l.modulePath()).contains("self_attn"));
        List<LinearLayer> head = LayerDiscovery.discover(llama(), LayerSelection.of(List.of("lm_head"), List.of()));
        assertThat(head).extracting(LinearLayer::modulePath).containsExactly("lm_head");
        assertThat(LayerDiscovery.discover(llama(), LayerSelection.of(List.of("q_proj"), List.of("model.layers.0.*"))))
                .extracting(LinearLayer::modulePath).containsExactly("model.layers.1.self_attn.q_proj");
    }

    @Test
    void ordersBlocksNumericallyWhenTheFileListsNamesAlphabetically() {
        List<TensorInfo> ts = new ArrayList<>();
        for (String b : List.of("0", "1", "10", "11", "2")) {
            ts.add(t("model.layers." + b + ".mlp.down_proj.weight", DType.BF16, 4, 8));
            ts.add(t("model.layers." + b + ".self_attn.q_proj.weight", DType.BF16, 4, 4));
        }
        ts.add(t("a_projector.fc.weight", DType.BF16, 4, 4));
        List<LinearLayer> layers = LayerDiscovery.discover(ts);
        assertThat(layers).extracting(LinearLayer::modulePath).containsExactly(
                "a_projector.fc",
                "model.layers.0.mlp.down_proj", "model.layers.0.self_attn.q_proj",
                "model.layers.1.mlp.down_proj", "model.layers.1.self_attn.q_proj",
                "model.layers.2.mlp.down_proj", "model.layers.2.self_attn.q_proj",
                "model.layers.10.mlp.down_proj", "model.layers.10.self_attn.q_proj",
                "model.layers.11.mlp.down_proj", "model.layers.11.self_attn.q_proj");
    }

    @Test
    void parsesBlockIndexFromCommonContainers() {
        assertThat(LayerDiscovery.blockIndex("vision.blocks.7.attn.qkv")).hasValue(7);
        assertThat(LayerDiscovery.blockIndex("language_model.model.layers.31.mlp.up_proj")).hasValue(31);
        assertThat(LayerDiscovery.blockIndex("model.hidden.3.proj")).isEmpty();
        assertThat(LayerDiscovery.blockIndex("projector.fc1")).isEmpty();
    }
}

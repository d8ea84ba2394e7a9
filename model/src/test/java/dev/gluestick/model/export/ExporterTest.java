package dev.gluestick.model.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.FactorStore;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.ProgressListener;
import dev.gluestick.model.recover.PruneSource;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.recover.TinyModels;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

    @TempDir
    Path tmp;

    private static final PruneSource TWO_FOUR =
            new PruneSource.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty());

    private static ExportOptions options(boolean merged, DType factor) {
        return new ExportOptions(true, merged, Optional.ofNullable(factor), StorageForm.NM_COMPRESSED, "test");
    }

    @Test
    void exportReadsBackExactlyAsComputed() throws Exception {
        Path src = TinyModels.llama(tmp.resolve("src"), 32, 64, DType.BF16, 1, 11);
        Path out = tmp.resolve("out");
        try (Checkpoint cp = Checkpoints.open(src);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 16, FactorStore.inMemory())) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            Allocation alloc = a.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(8));
            ExportResult result = Exporter.export(engine, a, alloc, options(true, null), out, ProgressListener.NONE);
            assertThat(result.folder()).isEqualTo(out.toAbsolutePath().normalize());
            assertThat(out.resolve("config.json")).doesNotExist();
            assertThat(out.resolve("model/config.json")).hasSameTextualContentAs(src.resolve("config.json"));

            try (Checkpoint base = Checkpoints.open(out.resolve("model"));
                    Checkpoint merged = Checkpoints.open(out.resolve("merged"));
                    Checkpoint adapter = Checkpoints.open(out.resolve("adapter/adapter_model.safetensors"))) {
                assertThat(base.tensors()).isEqualTo(cp.tensors());
                assertThat(base.metadata()).containsEntry("format", "pt").containsEntry("gluestick.version", "test");
                for (TensorInfo t : cp.tensors()) {
                    LinearLayer layer = engine.layers().stream().filter(l -> l.tensorName().equals(t.name())).findFirst().orElse(null);
                    if (layer == null) {
                        assertThat(base.readBytes(t.name())).as("untouched %s", t.name()).isEqualTo(cp.readBytes(t.name()));
                        continue;
                    }
                    float[] wp = engine.prunedWeights().pruned(layer, cp.readFloats(t.name()));
                    assertThat(base.readFloats(t.name())).as("pruned %s", t.name()).containsExactly(wp);
                    Correction f = engine.factors().get(t.name(), 8);
                    assertThat(adapter.readBytes(PeftAdapter.loraAName(layer))).isEqualTo(FloatCodec.encode(f.b(), DType.BF16));
                    assertThat(adapter.readBytes(PeftAdapter.loraBName(layer))).isEqualTo(FloatCodec.encode(f.a(), DType.BF16));
                    assertThat(adapter.tensor(PeftAdapter.loraAName(layer)).orElseThrow().shape()).containsExactly(8, layer.cols());
                    float[] ab = f.product();
                    for (int i = 0; i < wp.length; i++) {
                        wp[i] += ab[i];
                    }
                    assertThat(merged.readBytes(t.name())).isEqualTo(FloatCodec.encode(wp, DType.BF16));
                }
            }
            JsonNode config = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
            assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
            assertThat(config.get("r").asInt()).isEqualTo(8);
            assertThat(config.get("lora_alpha").asInt()).isEqualTo(8);
            assertThat(config.get("bias").asText()).isEqualTo("none");
            assertThat(config.get("target_modules")).hasSize(14);
            assertThat(config.get("target_modules").get(0).asText()).isEqualTo("model.layers.0.self_attn.q_proj");
            assertThat(config.get("rank_pattern").size()).isZero();
            assertThat(config.get("base_model_name_or_path").asText()).isEqualTo(out.toAbsolutePath().normalize().resolve("model").toString());

            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(report.get("layers")).hasSize(14);
            assertThat(report.get("layers").get(0).get("rank").asInt()).isEqualTo(8);
            assertThat(report.get("totals").get("rel_error_after").asDouble())
                    .isLessThan(report.get("totals").get("rel_error_before").asDouble());
            assertThat(Files.readAllLines(out.resolve("report.csv"))).hasSize(15).first().asString().startsWith("tensor,module,rows");
            assertThat(result.files()).extracting(f -> f.path().toString()).contains("model/model.safetensors",
                    "adapter/adapter_model.safetensors", "adapter/adapter_config.json", "merged/model.safetensors",
                    "report.json", "report.csv");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no partial folder left").containsExactlyInAnyOrder("src", "out");
        }
    }

    @Test
    void perLayerRanksGoToRankAndAlphaPatterns() throws Exception {
        Path src = TinyModels.llama(tmp.resolve("src"), 32, 64, DType.F32, 1, 12);
        try (Checkpoint cp = Checkpoints.open(src);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 16)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            Allocation alloc = a.tradeOff(StorageForm.NM_COMPRESSED)
                    .allocate(new RankPolicy.Uniform(4), Map.of("model.layers.1.mlp.down_proj.weight", 12,
                            "model.layers.0.self_attn.k_proj.weight", 0));
            Exporter.export(engine, a, alloc, options(false, DType.F32), tmp.resolve("out"), ProgressListener.NONE);
            JsonNode config = new ObjectMapper().readTree(tmp.resolve("out/adapter/adapter_config.json").toFile());
            assertThat(config.get("r").asInt()).isEqualTo(4);
            assertThat(config.get("rank_pattern").get("model.layers.1.mlp.down_proj").asInt()).isEqualTo(12);
            assertThat(config.get("alpha_pattern").get("model.layers.1.mlp.down_proj").asInt()).isEqualTo(12);
            assertThat(config.get("target_modules")).hasSize(13);
            try (Checkpoint adapter = Checkpoints.open(tmp.resolve("out/adapter/adapter_model.safetensors"))) {
                assertThat(adapter.tensors()).hasSize(26);
                assertThat(adapter.tensor("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight")).isEmpty();
                assertThat(adapter.tensor("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight").orElseThrow().shape())
                        .containsExactly(32, 12);
            }
        }
    }

    @Test
    void shardedSourceKeepsItsShardSplitWithAFreshIndex() throws Exception {
        Path src = TinyModels.llama(tmp.resolve("src"), 16, 32, DType.F16, 3, 13);
        try (Checkpoint cp = Checkpoints.open(src);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 4)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            Allocation alloc = a.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(2));
            Exporter.export(engine, a, alloc, options(false, null), tmp.resolve("out"), ProgressListener.NONE);
            try (Checkpoint base = Checkpoints.open(tmp.resolve("out/model"))) {
                assertThat(base.layout()).isEqualTo(CheckpointLayout.FOLDER_SHARDED);
                for (TensorInfo t : cp.tensors()) {
                    assertThat(base.sourceFile(t.name())).isEqualTo(cp.sourceFile(t.name()));
                    assertThat(base.tensor(t.name()).orElseThrow().dtype()).isEqualTo(DType.F16);
                }
            }
        }
    }

    @Test
    void refusesAnExistingOutputFolderAndLeavesItAlone() throws Exception {
        Path src = TinyModels.llama(tmp.resolve("src"), 16, 32, DType.F32, 1, 14);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("precious.txt"), "keep me");
        try (Checkpoint cp = Checkpoints.open(src);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 4)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            Allocation alloc = a.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(2));
            assertThatThrownBy(() -> Exporter.export(engine, a, alloc, options(false, null), out, ProgressListener.NONE))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("already exists");
            assertThat(out.resolve("precious.txt")).hasContent("keep me");
            assertThatThrownBy(() -> Exporter.export(engine, a, alloc, options(false, null), src.resolve("inside"), ProgressListener.NONE))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("inside the input");
        }
    }

    @Test
    void cancelledExportLeavesNothingBehind() throws Exception {
        Path src = TinyModels.llama(tmp.resolve("src"), 16, 32, DType.F32, 1, 15);
        try (Checkpoint cp = Checkpoints.open(src);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 4)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            Allocation alloc = a.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(2));
            ProgressListener cancelMidway = (done, total, msg) -> {
                if (done == 5) {
                    Thread.currentThread().interrupt();
                }
            };
            assertThatThrownBy(() -> Exporter.export(engine, a, alloc, options(true, null), tmp.resolve("out"), cancelMidway))
                    .isInstanceOf(CancellationException.class);
            Thread.interrupted();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("src");
            }
        }
    }
}

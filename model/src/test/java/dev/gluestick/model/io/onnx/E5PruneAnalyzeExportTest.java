package dev.gluestick.model.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.export.ExportOptions;
import dev.gluestick.model.export.Exporter;
import dev.gluestick.model.export.PeftAdapter;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.prune.Pruner;
import dev.gluestick.model.recover.FactorStore;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.ProgressListener;
import dev.gluestick.model.recover.PruneSource;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.svd.SingularValues;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.TopSvd;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on real trained weights read from ONNX: 2:4 magnitude pruning, gap spectra against an
 * exact SVD, the rank-r correction's residual, and the whole recover run exported (base, PEFT
 * adapter, ONNX name table) and read back exactly.
 */
class E5PruneAnalyzeExportTest {

    private static final Pruner TWO_FOUR = new Pruner(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)));

    static OnnxCheckpoint onnx;

    @BeforeAll
    static void open() {
        onnx = OnnxCheckpoint.open(E5Model.path());
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    @Test
    void topSpectrumOfEachGapShapeMatchesTheExactSvd() {
        for (String name : List.of("encoder.layer.0.attention.self.query.weight",
                "encoder.layer.6.intermediate.dense.weight", "encoder.layer.11.output.dense.weight")) {
            LinearLayer layer = layer(name);
            float[] w = onnx.readFloats(name);
            float[] g = gap(w, TWO_FOUR.prune(layer, w, null));
            int k = 128;
            SvdResult top = TopSvd.compute(g.clone(), layer.rows(), layer.cols(), k);
            SingularValues exact = TopSvd.exactValues(g.clone(), layer.rows(), layer.cols());
            for (int i = 0; i < k; i++) {
                assertThat((double) top.value(i)).as("%s s_%d", name, i)
                        .isCloseTo(exact.value(i), within(1e-3 * exact.value(i)));
            }
            for (int r = 0; r <= k; r++) {
                assertThat(top.capturedEnergy(r)).as("%s E(%d)", name, r).isCloseTo(exact.capturedEnergy(r), within(1e-3));
            }
            // Real weights have flat gap spectra: rank 128 of 384 captures far from all of the gap.
            assertThat(top.capturedEnergy(128)).isBetween(0.3, 0.9);
        }
    }

    @Test
    void correctionLeavesExactlyThePredictedResidual() {
        String name = "encoder.layer.3.attention.output.dense.weight";
        LinearLayer layer = layer(name);
        float[] w = onnx.readFloats(name);
        float[] g = gap(w, TWO_FOUR.prune(layer, w, null));
        SvdResult top = TopSvd.compute(g.clone(), layer.rows(), layer.cols(), 64);
        for (int r : new int[] {8, 32, 64}) {
            Correction c = top.correction(r);
            float[] a = c.a();
            float[] b = c.b();
            double residualSq = 0;
            for (int i = 0; i < layer.rows(); i++) {
                for (int j = 0; j < layer.cols(); j++) {
                    double ab = 0;
                    for (int t = 0; t < r; t++) {
                        ab += (double) a[i * r + t] * b[t * layer.cols() + j];
                    }
                    double d = g[i * layer.cols() + j] - ab;
                    residualSq += d * d;
                }
            }
            double predicted = top.values().residualNorm(r);
            assertThat(Math.sqrt(residualSq)).as("rank %d", r).isCloseTo(predicted, within(1e-4 * predicted));
        }
    }

    @Test
    void recoverExportsBaseAdapterAndNameTableThatReadBackExactly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        try (Checkpoint cp = Checkpoints.open(E5Model.path());
                RecoveryEngine engine = RecoveryEngine.open(cp, ((OnnxCheckpoint) cp).linearLayers(),
                        new PruneSource.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty()), 64,
                        FactorStore.inMemory())) {
            ModelAnalysis analysis = engine.analyze(ProgressListener.NONE, l -> {});
            assertThat(analysis.layers()).hasSize(72);
            for (LayerAnalysis a : analysis.layers()) {
                assertThat(a.sparsity()).isEqualTo(0.5);
                assertThat(a.nmPattern()).hasValue(new NMPattern(2, 4));
            }
            Allocation alloc = analysis.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(32));
            Exporter.export(engine, analysis, alloc,
                    new ExportOptions(true, false, Optional.empty(), StorageForm.NM_COMPRESSED, "test"), out,
                    ProgressListener.NONE);

            try (Checkpoint base = Checkpoints.open(out.resolve("model"));
                    Checkpoint adapter = Checkpoints.open(out.resolve("adapter/adapter_model.safetensors"))) {
                assertThat(base.layout()).isEqualTo(CheckpointLayout.FOLDER_SINGLE);
                assertThat(base.tensors()).isEqualTo(cp.tensors());
                for (TensorInfo t : cp.tensors()) {
                    LinearLayer l = engine.layers().stream().filter(x -> x.tensorName().equals(t.name())).findFirst().orElse(null);
                    if (l == null) {
                        assertThat(Arrays.equals(base.readBytes(t.name()), cp.readBytes(t.name()))).as(t.name()).isTrue();
                        continue;
                    }
                    float[] wp = TWO_FOUR.prune(l, cp.readFloats(t.name()), null);
                    assertThat(Arrays.equals(base.readFloats(t.name()), wp)).as(t.name()).isTrue();
                    Correction f = engine.factors().get(t.name(), 32);
                    assertThat(Arrays.equals(adapter.readFloats(PeftAdapter.loraAName(l)), f.b())).isTrue();
                    assertThat(Arrays.equals(adapter.readFloats(PeftAdapter.loraBName(l)), f.a())).isTrue();
                }
            }
            JsonNode config = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
            assertThat(config.get("target_modules")).hasSize(72);
            assertThat(config.get("target_modules").get(0).asText()).isEqualTo("encoder.layer.0.attention.self.query");
            JsonNode names = new ObjectMapper().readTree(out.resolve("onnx_names.json").toFile());
            assertThat(names).hasSize(72);
            assertThat(names.get(0).get("tensor").asText()).isEqualTo("encoder.layer.0.attention.self.query.weight");
            assertThat(names.get(0).get("onnx_initializer").asText()).startsWith("onnx::MatMul_");
            assertThat(names.get(0).get("onnx_node").asText()).isEqualTo("/encoder/layer.0/attention/self/query/MatMul");
            assertThat(names.get(0).get("transposed").asBoolean()).isTrue();
            try (Stream<Path> files = Files.walk(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".onnx"));
            }
        }
    }

    private static LinearLayer layer(String name) {
        return onnx.linearLayers().stream().filter(l -> l.tensorName().equals(name)).findFirst().orElseThrow();
    }

    static float[] gap(float[] w, float[] wp) {
        float[] g = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = w[i] - wp[i];
        }
        return g;
    }
}

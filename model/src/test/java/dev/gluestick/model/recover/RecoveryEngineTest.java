package dev.gluestick.model.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryEngineTest {

    @TempDir
    Path tmp;

    static final PruneSource TWO_FOUR = new PruneSource.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty());

    @Test
    void correctionLeavesExactlyThePredictedResidual() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 48, 96, DType.F32, 1, 1);
        try (Checkpoint cp = Checkpoints.open(dir)) {
            List<LinearLayer> layers = LayerDiscovery.discover(cp.tensors());
            try (RecoveryEngine engine = RecoveryEngine.open(cp, layers, TWO_FOUR, 24, FactorStore.inMemory())) {
                ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
                assertThat(a.layers()).hasSize(14);
                for (LayerAnalysis la : a.layers()) {
                    float[] w = cp.readFloats(la.layer().tensorName());
                    float[] wp = engine.prunedWeights().pruned(la.layer(), w);
                    for (int r : new int[] {1, 8, 24}) {
                        float[] ab = engine.factors().get(la.layer().tensorName(), r).product();
                        double res = 0;
                        for (int i = 0; i < w.length; i++) {
                            double d = (double) w[i] - wp[i] - ab[i];
                            res += d * d;
                        }
                        double predicted = la.gap().residualNorm(r);
                        assertThat(Math.sqrt(res)).as("%s rank %d", la.layer().tensorName(), r)
                                .isCloseTo(predicted, org.assertj.core.api.Assertions.withinPercentage(0.01));
                    }
                }
            }
        }
    }

    @Test
    void twoFourPruningIsHalfSparseAndDetectedAsTwoFour() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 32, 64, DType.BF16, 1, 2);
        try (Checkpoint cp = Checkpoints.open(dir);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 8)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            for (LayerAnalysis la : a.layers()) {
                assertThat(la.sparsity()).isEqualTo(0.5);
                assertThat(la.nmPattern()).contains(new NMPattern(2, 4));
                assertThat(la.gapRatio()).isBetween(0.1, 0.9);
            }
            assertThat(a.baseDType()).isEqualTo(DType.BF16);
            assertThat(a.modelType()).isEqualTo("llama");
            // embeddings, lm_head and norms are not layers; they are "other" bytes
            assertThat(a.otherBytes()).isEqualTo(2L * (64 * 32 * 2) + 2L * 32 * 2);
        }
    }

    @Test
    void externalPrunedCheckpointGivesTheSameSpectraAsPruningHere() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 32, 64, DType.F32, 1, 3);
        Path prunedDir = tmp.resolve("pruned");
        java.nio.file.Files.createDirectories(prunedDir);
        ModelAnalysis here;
        try (Checkpoint cp = Checkpoints.open(dir);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 8)) {
            here = engine.analyze(ProgressListener.NONE, l -> {});
            List<TensorInfo> infos = cp.tensors();
            Map<String, float[]> values = new java.util.LinkedHashMap<>();
            for (TensorInfo t : infos) {
                float[] w = cp.readFloats(t.name());
                LinearLayer l = engine.layers().stream().filter(x -> x.tensorName().equals(t.name())).findFirst().orElse(null);
                values.put(t.name(), l == null ? w : engine.prunedWeights().pruned(l, w));
            }
            SafetensorsWriter.writeFloats(prunedDir.resolve("model.safetensors"), infos, values, Map.of(),
                    SafetensorsWriter.Overwrite.REFUSE);
        }
        try (Checkpoint cp = Checkpoints.open(dir);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()),
                        new PruneSource.External(prunedDir), 8)) {
            ModelAnalysis external = engine.analyze(ProgressListener.NONE, l -> {});
            for (int i = 0; i < here.layers().size(); i++) {
                assertThat(external.layers().get(i).gap().values()).containsExactly(here.layers().get(i).gap().values());
                assertThat(external.layers().get(i).nmPattern()).contains(new NMPattern(2, 4));
            }
        }
    }

    @Test
    void nanWeightsAreRefusedNamingTheTensor() throws Exception {
        Path file = tmp.resolve("nan.safetensors");
        float[] w = new float[16 * 16];
        w[5] = Float.NaN;
        SafetensorsWriter.writeFloats(file, List.of(new TensorInfo("layers.0.fc.weight", DType.F32, new long[] {16, 16})),
                Map.of("layers.0.fc.weight", w), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        try (Checkpoint cp = Checkpoints.open(file);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 4)) {
            assertThatThrownBy(() -> engine.analyze(ProgressListener.NONE, l -> {}))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("layers.0.fc.weight")
                    .hasMessageContaining("NaN");
        }
    }

    @Test
    void wandaWithoutCalibrationIsRefusedBeforeAnyWork() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 16, 32, DType.F32, 1, 4);
        try (Checkpoint cp = Checkpoints.open(dir)) {
            PruneSource wanda = new PruneSource.BuiltIn(new PruneMethod.Wanda(0.5), Optional.empty());
            assertThatThrownBy(() -> RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), wanda, 4))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("calibration");
        }
    }

    @Test
    void interruptCancelsBetweenLayers() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 16, 32, DType.F32, 1, 5);
        try (Checkpoint cp = Checkpoints.open(dir);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()), TWO_FOUR, 4)) {
            int[] seen = {0};
            assertThatThrownBy(() -> engine.analyze(ProgressListener.NONE, l -> {
                if (++seen[0] == 3) {
                    Thread.currentThread().interrupt();
                }
            })).isInstanceOf(CancellationException.class);
            assertThat(Thread.interrupted()).isTrue();
            assertThat(seen[0]).isEqualTo(3);
        }
    }

    @Test
    void externalCheckpointThatIsNotPrunedIsFlagged() throws Exception {
        Path dir = TinyModels.llama(tmp.resolve("m"), 16, 32, DType.F32, 1, 6);
        try (Checkpoint cp = Checkpoints.open(dir);
                RecoveryEngine engine = RecoveryEngine.open(cp, LayerDiscovery.discover(cp.tensors()),
                        new PruneSource.External(dir), 4)) {
            ModelAnalysis a = engine.analyze(ProgressListener.NONE, l -> {});
            assertThat(a.layers().get(0).sparsity()).isZero();
            assertThat(engine.warnings()).hasSize(14).first().asString().contains("model.layers.0.self_attn.q_proj.weight");
        }
    }
}

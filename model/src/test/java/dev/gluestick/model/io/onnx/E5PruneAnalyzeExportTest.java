package dev.gluestick.model.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.prune.Pruner;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.svd.SingularValues;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.TopSvd;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on real trained weights read from ONNX: 2:4 magnitude pruning, gap spectra against an
 * exact SVD, the rank-r correction's residual, and the pruned base exported as safetensors and read
 * back bit for bit.
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
    void prunedBaseExportsAsSafetensorsAndReadsBackBitForBit(@TempDir Path dir) {
        Map<String, LinearLayer> linear = new HashMap<>();
        onnx.linearLayers().forEach(l -> linear.put(l.tensorName(), l));
        List<TensorInfo> tensors = onnx.tensors();
        Path out = dir.resolve("model.safetensors");
        SafetensorsWriter.write(out, tensors, Map.of("source", "e5-small-v2.onnx"),
                (t, channel) -> {
                    ByteBuffer bytes = ByteBuffer.wrap(expectedBytes(t, linear));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                },
                SafetensorsWriter.Overwrite.REFUSE);
        try (Checkpoint back = Checkpoints.open(out)) {
            assertThat(back.tensors()).containsExactlyInAnyOrderElementsOf(tensors);
            for (TensorInfo t : tensors) {
                assertThat(Arrays.equals(back.readBytes(t.name()), expectedBytes(t, linear))).as(t.name()).isTrue();
            }
            float[] wp = back.readFloats("encoder.layer.7.attention.self.key.weight");
            assertThat(zeros(wp)).isEqualTo(wp.length / 2);
        }
    }

    private static byte[] expectedBytes(TensorInfo t, Map<String, LinearLayer> linear) {
        LinearLayer l = linear.get(t.name());
        if (l == null) {
            return onnx.readBytes(t.name());
        }
        return FloatCodec.encode(TWO_FOUR.prune(l, onnx.readFloats(t.name()), null), t.dtype());
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

    private static int zeros(float[] v) {
        int n = 0;
        for (float x : v) {
            n += x == 0 ? 1 : 0;
        }
        return n;
    }
}

package dev.gluestick.model.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationStatsTest {

    private static final String FILE = "calib.safetensors";

    private static LinearLayer layer(String module, int rows, int cols) {
        return new LinearLayer(module + ".weight", module, rows, cols, DType.BF16, OptionalInt.empty(), "down_proj");
    }

    @Test
    void looksUpNormsByModulePathAndReturnsACopy() {
        float[] v = {1f, 2f, 0f};
        CalibrationStats stats = CalibrationStats.fromMap(FILE, Map.of("model.layers.0.mlp.down_proj", v));
        v[0] = 99f; // the stats copied the vector in
        float[] got = stats.normsFor(layer("model.layers.0.mlp.down_proj", 5, 3));
        assertThat(got).containsExactly(1f, 2f, 0f);
        got[1] = 42f;
        assertThat(stats.normsFor("model.layers.0.mlp.down_proj", 3)).containsExactly(1f, 2f, 0f);
        assertThat(stats.modulePaths()).containsExactly("model.layers.0.mlp.down_proj");
        assertThat(stats.source()).isEqualTo(FILE);
    }

    @Test
    void rejectsMissingVectorNamingTheLayerAndFile() {
        CalibrationStats stats = CalibrationStats.fromMap(FILE, Map.of("a.q_proj", new float[] {1f}));
        assertThatThrownBy(() -> stats.normsFor(layer("a.k_proj", 1, 1)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(FILE)
                .hasMessageContaining("a.k_proj");
    }

    @Test
    void hintsWhenTheFileIsKeyedByTensorNameInsteadOfModulePath() {
        CalibrationStats stats = CalibrationStats.fromMap(FILE, Map.of("a.q_proj.weight", new float[] {1f}));
        assertThatThrownBy(() -> stats.normsFor(layer("a.q_proj", 1, 1)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("without .weight");
    }

    @Test
    void rejectsVectorOfTheWrongLengthNamingBothLengths() {
        CalibrationStats stats = CalibrationStats.fromMap(FILE, Map.of("a.q_proj", new float[4096]));
        assertThatThrownBy(() -> stats.normsFor(layer("a.q_proj", 4096, 11008)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("a.q_proj")
                .hasMessageContaining("length 4096")
                .hasMessageContaining("d_in is 11008");
    }

    @Test
    void rejectsNegativeNaNAndInfiniteNorms() {
        for (float bad : new float[] {-0.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            Map<String, float[]> m = new LinkedHashMap<>();
            m.put("a.ok", new float[] {1f});
            m.put("a.bad", new float[] {1f, 2f, bad});
            assertThatThrownBy(() -> CalibrationStats.fromMap(FILE, m))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining(FILE)
                    .hasMessageContaining("a.bad")
                    .hasMessageContaining("input channel 2")
                    .hasMessageContaining(Float.toString(bad));
        }
    }

    @Test
    void loadsASafetensorsFileAsTheHookWritesIt(@TempDir Path dir) {
        Path file = dir.resolve("calib.safetensors");
        Map<String, float[]> values = new LinkedHashMap<>();
        values.put("model.layers.0.mlp.down_proj", new float[] {0.5f, 1.25f, 3f});
        values.put("model.layers.0.mlp.up_proj", new float[] {2f, 0f});
        SafetensorsWriter.writeFloats(file, List.of(
                new TensorInfo("model.layers.0.mlp.down_proj", DType.F32, new long[] {3}),
                new TensorInfo("model.layers.0.mlp.up_proj", DType.F32, new long[] {2})),
                values, Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        CalibrationStats stats = CalibrationStats.load(file);
        assertThat(stats.modulePaths()).containsExactlyInAnyOrder("model.layers.0.mlp.down_proj", "model.layers.0.mlp.up_proj");
        assertThat(stats.normsFor("model.layers.0.mlp.down_proj", 3)).containsExactly(0.5f, 1.25f, 3f);
        assertThat(stats.source()).contains("calib.safetensors");
    }

    @Test
    void loadsTheFileThatTheDocumentedPyTorchHookWrites(@TempDir Path dir) throws Exception {
        // Written by the save_input_norms snippet of docs/pruning.md (torch 2.13, safetensors 0.8.0 save_file)
        // on a 6 -> 10 -> 6 MLP over 30 tokens; expected values are torch's own X.norm(dim=0).
        Path file = dir.resolve("torch-hook-calibration.safetensors");
        try (var in = getClass().getResourceAsStream("torch-hook-calibration.safetensors")) {
            java.nio.file.Files.copy(in, file);
        }
        CalibrationStats stats = CalibrationStats.load(file);
        assertThat(stats.normsFor("model.layers.0.mlp.up_proj", 6)).containsExactly(
                4.438928604125977f, 6.693763256072998f, 4.944820880889893f,
                4.5803117752075195f, 7.1091628074646f, 5.543332099914551f);
        assertThat(stats.normsFor("model.layers.0.mlp.down_proj", 10)).hasSize(10).contains(3.458841562271118f);
    }

    @Test
    void rejectsAFileTensorThatIsNotAVector(@TempDir Path dir) {
        Path file = dir.resolve("calib.safetensors");
        SafetensorsWriter.writeFloats(file, List.of(new TensorInfo("a.q_proj", DType.F32, new long[] {2, 2})),
                Map.of("a.q_proj", new float[4]), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        assertThatThrownBy(() -> CalibrationStats.load(file))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("calib.safetensors")
                .hasMessageContaining("a.q_proj")
                .hasMessageContaining("1-D");
    }

    @Test
    void rejectsAnEmptyFile(@TempDir Path dir) {
        Path file = dir.resolve("calib.safetensors");
        SafetensorsWriter.writeFloats(file, List.of(), Map.of(), Map.of(), SafetensorsWriter.Overwrite.REFUSE);
        assertThatThrownBy(() -> CalibrationStats.load(file))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no tensors");
    }

    @Test
    void rejectsEmptyVector() {
        assertThatThrownBy(() -> CalibrationStats.fromMap(FILE, Map.of("a.q", new float[0])))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("a.q")
                .hasMessageContaining("empty");
    }
}

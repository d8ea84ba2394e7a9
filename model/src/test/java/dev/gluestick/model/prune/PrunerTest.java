package dev.gluestick.model.prune;

import static dev.gluestick.model.prune.BruteForce.continuousWeights;
import static dev.gluestick.model.prune.BruteForce.tiedNorms;
import static dev.gluestick.model.prune.BruteForce.tiedWeights;
import static dev.gluestick.model.prune.BruteForce.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.DType;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrunerTest {

    private static final int SEEDS = 200;

    private static float[] prune(PruneMethod m, float[] w, int rows, int cols, float[] norms) {
        return new Pruner(m).prune("layer.test", w, rows, cols, norms);
    }

    @Test
    void magnitudeUnstructuredPrunesExactlyTheBruteForceSetOnTiedRandomMatrices() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int rows = 1 + rnd.nextInt(12);
            int cols = 1 + rnd.nextInt(40);
            double sparsity = rnd.nextInt(100) / 100.0;
            float[] w = tiedWeights(rnd, rows * cols);
            float[] got = prune(new PruneMethod.Magnitude(sparsity), w, rows, cols, null);
            assertThat(got).as("seed %d, %dx%d, sparsity %s", seed, rows, cols, sparsity)
                    .containsExactly(BruteForce.layerThreshold(w, sparsity));
        }
    }

    @Test
    void magnitudeUnstructuredZeroesExactlyTheRoundedCountOnDenseWeights() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(1000 + seed);
            int rows = 1 + rnd.nextInt(30);
            int cols = 1 + rnd.nextInt(30);
            double sparsity = rnd.nextInt(100) / 100.0;
            float[] got = prune(new PruneMethod.Magnitude(sparsity), continuousWeights(rnd, rows * cols), rows, cols, null);
            assertThat(zeros(got, 0, got.length)).isEqualTo(BruteForce.roundHalfUp(sparsity, rows * cols));
        }
    }

    @Test
    void magnitudeUnstructuredHandlesLayersLargerThanOneHistogramBucket() {
        // 300k weights spread over many exponents exercise both 16-bit digits of the threshold.
        Random rnd = new Random(7);
        int rows = 300;
        int cols = 1000;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6));
        }
        float[] got = prune(new PruneMethod.Magnitude(0.37), w, rows, cols, null);
        float[] want = BruteForce.layerThreshold(w, 0.37);
        assertThat(got).containsExactly(want);
    }

    @Test
    void breaksTiesByPruningTheLowerFlatIndexFirst() {
        float[] w = {1f, -1f, 1f, 1f, -1f, 1f};
        assertThat(prune(new PruneMethod.Magnitude(0.5), w, 2, 3, null)).containsExactly(0f, 0f, 0f, 1f, -1f, 1f);
        assertThat(prune(new PruneMethod.Wanda(0.34), w, 2, 3, new float[] {1f, 1f, 1f}))
                .containsExactly(0f, -1f, 1f, 0f, -1f, 1f);
        assertThat(prune(new PruneMethod.MagnitudeNM(new NMPattern(1, 3)), w, 2, 3, null))
                .containsExactly(0f, 0f, 1f, 0f, 0f, 1f);
    }

    @Test
    void roundsTheCountHalfUpFromTheDecimalSparsity() {
        float[] w = continuousWeights(new Random(3), 10);
        // 0.15 is the double 0.1499999..., but 0.15 of 10 is 1.5, which rounds to 2.
        assertThat(zeros(prune(new PruneMethod.Magnitude(0.15), w, 1, 10, null), 0, 10)).isEqualTo(2);
        assertThat(zeros(prune(new PruneMethod.Magnitude(0.25), w, 2, 5, null), 0, 10)).isEqualTo(3);
        assertThat(zeros(prune(new PruneMethod.Magnitude(0.24), w, 2, 5, null), 0, 10)).isEqualTo(2);
        assertThat(zeros(prune(new PruneMethod.Wanda(0.5), w, 2, 5, new float[] {1, 1, 1, 1, 1}), 0, 5)).isEqualTo(3);
    }

    @Test
    void alreadyZeroWeightsArePrunedFirstAndCountTowardTheTarget() {
        float[] w = {0f, 5f, -0f, 4f, 3f, 0f, 2f, 1f};
        // k = 4: the three zeros (a pruned -0 is written as +0), then the smallest nonzero (1).
        assertThat(prune(new PruneMethod.Magnitude(0.5), w, 2, 4, null)).containsExactly(0f, 5f, 0f, 4f, 3f, 0f, 2f, 0f);
        // k = 2 < 3 zeros: only the first two zeros are "pruned"; nothing nonzero is touched.
        assertThat(prune(new PruneMethod.Magnitude(0.25), w, 2, 4, null)).containsExactly(0f, 5f, 0f, 4f, 3f, 0f, 2f, 1f);
    }

    @Test
    void wandaKeepsANonzeroWeightOnADeadChannelAboveZeroWeights() {
        float[] w = {0f, 3f, 2f, 1f};
        float[] norms = {1f, 0f, 1f, 1f}; // weight 3 scores 0, like the zero weight, but is not zero
        assertThat(prune(new PruneMethod.Wanda(0.5), w, 1, 4, norms)).containsExactly(0f, 0f, 2f, 1f);
        assertThat(prune(new PruneMethod.Wanda(0.25), w, 1, 4, norms)).containsExactly(0f, 3f, 2f, 1f);
    }

    @Test
    void nmKeepsTheBruteForceTopNOfEveryGroup() {
        int[][] patterns = {{2, 4}, {1, 4}, {3, 4}, {1, 2}, {4, 8}, {5, 16}, {7, 32}, {20, 40}};
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(2000 + seed);
            int[] p = patterns[seed % patterns.length];
            int rows = 1 + rnd.nextInt(8);
            int cols = p[1] * (1 + rnd.nextInt(4));
            float[] w = tiedWeights(rnd, rows * cols);
            NMPattern nm = new NMPattern(p[0], p[1]);
            assertThat(prune(new PruneMethod.MagnitudeNM(nm), w, rows, cols, null)).as("seed %d %s", seed, nm)
                    .containsExactly(BruteForce.nm(w, rows, cols, null, p[0], p[1]));
            float[] norms = tiedNorms(rnd, cols);
            assertThat(prune(new PruneMethod.WandaNM(nm), w, rows, cols, norms)).as("wanda seed %d %s", seed, nm)
                    .containsExactly(BruteForce.nm(w, rows, cols, norms, p[0], p[1]));
        }
    }

    @Test
    void nmLeavesExactlyNNonzerosInEveryGroupThatHadAtLeastN() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(3000 + seed);
            int rows = 1 + rnd.nextInt(8);
            int cols = 4 * (1 + rnd.nextInt(10));
            float[] w = tiedWeights(rnd, rows * cols);
            float[] got = prune(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), w, rows, cols, null);
            for (int g = 0; g < w.length; g += 4) {
                int before = 4 - zeros(w, g, g + 4);
                assertThat(4 - zeros(got, g, g + 4)).as("seed %d group %d", seed, g).isEqualTo(Math.min(2, before));
            }
        }
    }

    @Test
    void wandaUnstructuredPrunesTheBruteForceSetOfEveryRow() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(4000 + seed);
            int rows = 1 + rnd.nextInt(10);
            int cols = 1 + rnd.nextInt(50);
            double sparsity = rnd.nextInt(100) / 100.0;
            float[] w = tiedWeights(rnd, rows * cols);
            float[] norms = tiedNorms(rnd, cols);
            assertThat(prune(new PruneMethod.Wanda(sparsity), w, rows, cols, norms)).as("seed %d", seed)
                    .containsExactly(BruteForce.perRow(w, rows, cols, norms, sparsity));
        }
    }

    @Test
    void wandaUnstructuredZeroesTheSameCountInEveryRow() {
        Random rnd = new Random(5);
        int rows = 40;
        int cols = 77;
        float[] got = prune(new PruneMethod.Wanda(0.6), continuousWeights(rnd, rows * cols), rows, cols,
                tiedNorms(rnd, cols));
        for (int r = 0; r < rows; r++) {
            // round(0.6 * 77 = 46.2) = 46, plus any product that underflowed... none: norms > 0 or weight kept above zeros
            assertThat(zeros(got, r * cols, (r + 1) * cols)).as("row %d", r).isEqualTo(46);
        }
    }

    @Test
    void wandaWithAllOnesNormsEqualsMagnitudePerRow() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(6000 + seed);
            int rows = 1 + rnd.nextInt(10);
            int cols = 8 * (1 + rnd.nextInt(6));
            double sparsity = rnd.nextInt(100) / 100.0;
            float[] w = tiedWeights(rnd, rows * cols);
            float[] ones = new float[cols];
            Arrays.fill(ones, 1f);
            assertThat(prune(new PruneMethod.Wanda(sparsity), w, rows, cols, ones))
                    .containsExactly(BruteForce.perRow(w, rows, cols, null, sparsity));
            NMPattern p = new NMPattern(2, 4);
            assertThat(prune(new PruneMethod.WandaNM(p), w, rows, cols, ones))
                    .containsExactly(prune(new PruneMethod.MagnitudeNM(p), w, rows, cols, null));
        }
    }

    @Test
    void neverModifiesTheInput() {
        float[] w = continuousWeights(new Random(9), 64);
        float[] copy = w.clone();
        prune(new PruneMethod.Magnitude(0.5), w, 8, 8, null);
        prune(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), w, 8, 8, null);
        prune(new PruneMethod.Wanda(0.5), w, 8, 8, new float[8]);
        assertThat(w).containsExactly(copy);
    }

    @Test
    void pruningInPlaceGivesTheSameWeightsAsPruningACopy() {
        PruneMethod[] methods = {
            new PruneMethod.Magnitude(0.3), new PruneMethod.Magnitude(0.0), new PruneMethod.Wanda(0.6),
            new PruneMethod.Wanda(0.0), new PruneMethod.MagnitudeNM(new NMPattern(2, 4)),
            new PruneMethod.WandaNM(new NMPattern(3, 8)), new PruneMethod.MagnitudeNM(new NMPattern(9, 32))
        };
        for (int seed = 0; seed < 50; seed++) {
            Random rnd = new Random(7000 + seed);
            int rows = 1 + rnd.nextInt(6);
            int cols = 32 * (1 + rnd.nextInt(3));
            float[] w = tiedWeights(rnd, rows * cols);
            float[] norms = tiedNorms(rnd, cols);
            for (PruneMethod m : methods) {
                float[] copy = prune(m, w, rows, cols, norms);
                float[] inPlace = w.clone();
                new Pruner(m).pruneInto("layer.test", inPlace, rows, cols, norms, inPlace);
                assertThat(inPlace).as("seed %d %s", seed, m).containsExactly(copy);
            }
        }
    }

    @Test
    void magnitudeIgnoresNormsAndSparsityZeroReturnsAnEqualCopy() {
        float[] w = continuousWeights(new Random(10), 12);
        float[] got = prune(new PruneMethod.Magnitude(0.0), w, 3, 4, new float[] {1, 2, 3, 4});
        assertThat(got).containsExactly(w).isNotSameAs(w);
    }

    @Test
    void prunesALayerWithNormsLookedUpByModulePath() {
        LinearLayer layer = new LinearLayer("m.layers.0.q.weight", "m.layers.0.q", 1, 4, DType.F32, OptionalInt.of(0), "q");
        CalibrationStats stats = CalibrationStats.fromMap("calib.safetensors", Map.of("m.layers.0.q", new float[] {4f, 1f, 1f, 1f}));
        float[] got = new Pruner(new PruneMethod.Wanda(0.5)).prune(layer, new float[] {1f, 2f, 3f, 0.5f}, stats);
        assertThat(got).containsExactly(1f, 0f, 3f, 0f);
        assertThatThrownBy(() -> new Pruner(new PruneMethod.Wanda(0.5)).prune(layer, new float[4], null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("m.layers.0.q")
                .hasMessageContaining("--calibration");
    }

    // ---- one test per error rule ----------------------------------------------------------------

    @Test
    void rejectsNaNWeightNamingTheLayerAndPosition() {
        float[] w = {1f, 2f, Float.NaN, 4f};
        for (PruneMethod m : new PruneMethod[] {
            new PruneMethod.Magnitude(0.5), new PruneMethod.MagnitudeNM(new NMPattern(1, 2)), new PruneMethod.Wanda(0.5)
        }) {
            assertThatThrownBy(() -> prune(m, w, 2, 2, new float[] {1f, 1f}))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("layer.test")
                    .hasMessageContaining("[1, 0]")
                    .hasMessageContaining("NaN");
        }
    }

    @Test
    void rejectsInfiniteWeight() {
        float[] w = {1f, Float.NEGATIVE_INFINITY, 3f, 4f};
        assertThatThrownBy(() -> prune(new PruneMethod.Magnitude(0.0), w, 2, 2, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer.test")
                .hasMessageContaining("Infinity");
    }

    @Test
    void rejectsInputWidthThatIsNotAMultipleOfM() {
        assertThatThrownBy(() -> prune(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), new float[12], 2, 6, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer.test")
                .hasMessageContaining("d_in = 6")
                .hasMessageContaining("2:4");
    }

    @Test
    void wandaRejectsMissingNorms() {
        assertThatThrownBy(() -> prune(new PruneMethod.WandaNM(new NMPattern(2, 4)), new float[8], 2, 4, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer.test")
                .hasMessageContaining("norms");
    }

    @Test
    void wandaRejectsNormsOfTheWrongLength() {
        assertThatThrownBy(() -> prune(new PruneMethod.Wanda(0.5), new float[8], 2, 4, new float[5]))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer.test")
                .hasMessageContaining("length 5")
                .hasMessageContaining("d_in is 4");
    }

    @Test
    void wandaRejectsNegativeNaNOrInfiniteNorms() {
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> prune(new PruneMethod.Wanda(0.5), new float[4], 1, 4, new float[] {1f, bad, 1f, 1f}))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("layer.test")
                    .hasMessageContaining("channel 1")
                    .hasMessageContaining(Float.toString(bad));
        }
    }

    @Test
    void rejectsAWeightArrayThatDoesNotMatchTheShape() {
        assertThatThrownBy(() -> prune(new PruneMethod.Magnitude(0.5), new float[7], 2, 4, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer.test");
    }
}

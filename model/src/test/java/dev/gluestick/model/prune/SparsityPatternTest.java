package dev.gluestick.model.prune;

import static dev.gluestick.model.prune.BruteForce.continuousWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparsityPatternTest {

    private static float[] prune(PruneMethod m, float[] w, int rows, int cols) {
        return new Pruner(m).prune("t", w, rows, cols, null);
    }

    @Test
    void findsTwoFourOnTwoFourPrunedWeights() {
        Random rnd = new Random(1);
        float[] wp = prune(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), continuousWeights(rnd, 64 * 128), 64, 128);
        SparsityPattern p = SparsityPattern.detect("t", wp, 64, 128);
        assertThat(p.nm()).contains(new NMPattern(2, 4));
        assertThat(p.nmLabel()).isEqualTo("2:4");
        assertThat(p.zeros()).isEqualTo(64 * 64);
        assertThat(p.sparsity()).isEqualTo(0.5);
    }

    @Test
    void findsFourEightAndOneFourOnThosePatterns() {
        Random rnd = new Random(2);
        float[] w48 = prune(new PruneMethod.MagnitudeNM(new NMPattern(4, 8)), continuousWeights(rnd, 64 * 128), 64, 128);
        assertThat(SparsityPattern.detect("t", w48, 64, 128).nm()).contains(new NMPattern(4, 8));
        float[] w14 = prune(new PruneMethod.MagnitudeNM(new NMPattern(1, 4)), continuousWeights(rnd, 64 * 128), 64, 128);
        assertThat(SparsityPattern.detect("t", w14, 64, 128).nm()).contains(new NMPattern(1, 4));
    }

    @Test
    void findsNoPatternOnUnstructuredPruning() {
        Random rnd = new Random(3);
        float[] wp = prune(new PruneMethod.Magnitude(0.5), continuousWeights(rnd, 64 * 128), 64, 128);
        SparsityPattern p = SparsityPattern.detect("t", wp, 64, 128);
        assertThat(p.nm()).isEmpty();
        assertThat(p.nmLabel()).isEqualTo("none");
        assertThat(p.zeros()).isEqualTo(64 * 64);
    }

    @Test
    void findsNoPatternOnHighlySparseUnstructuredPruning() {
        // At 90% a group of 16 rarely holds more than 6 nonzeros, but almost none holds exactly the maximum.
        Random rnd = new Random(4);
        float[] wp = prune(new PruneMethod.Magnitude(0.9), continuousWeights(rnd, 64 * 128), 64, 128);
        assertThat(SparsityPattern.detect("t", wp, 64, 128).nm()).isEmpty();
    }

    @Test
    void findsTwoFourOnWandaTwoFourEvenWithSomeAlreadyZeroWeights() {
        Random rnd = new Random(5);
        float[] w = continuousWeights(rnd, 32 * 64);
        for (int i = 0; i < w.length; i += 37) {
            w[i] = 0f;
        }
        float[] norms = BruteForce.tiedNorms(rnd, 64);
        float[] wp = new Pruner(new PruneMethod.WandaNM(new NMPattern(2, 4))).prune("t", w, 32, 64, norms);
        assertThat(SparsityPattern.detect("t", wp, 32, 64).nm()).contains(new NMPattern(2, 4));
    }

    @Test
    void findsNoPatternWhenTheWidthIsNotAMultipleOfFour() {
        float[] w = new float[3 * 6];
        w[0] = 1f;
        SparsityPattern p = SparsityPattern.detect("t", w, 3, 6);
        assertThat(p.nm()).isEmpty();
        assertThat(p.zeros()).isEqualTo(17);
    }

    @Test
    void usesOnlyTheGroupWidthsThatDivideTheRow() {
        // 12 columns: groups of 4 only. Row 0 keeps 1 of each 4 -> 1:4.
        float[] w = new float[2 * 12];
        for (int j = 0; j < 12; j += 4) {
            w[j] = 1f;
            w[12 + j + 3] = -2f;
        }
        assertThat(SparsityPattern.detect("t", w, 2, 12).nm()).contains(new NMPattern(1, 4));
    }

    @Test
    void reportsTheTightestRatioPreferringTheSmallerGroupOnEqualRatios() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            int rows = 1 + rnd.nextInt(5);
            int cols = 16 * (1 + rnd.nextInt(4));
            double density = rnd.nextDouble();
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextDouble() < density ? 1f : (rnd.nextBoolean() ? 0f : -0f);
            }
            assertThat(SparsityPattern.detect("t", w, rows, cols).nm()).as("seed %d", seed)
                    .isEqualTo(bruteForcePattern(w, rows, cols));
        }
    }

    @Test
    void reportsZeroFourForAnAllZeroTensor() {
        assertThat(SparsityPattern.detect("t", new float[32], 2, 16).nm()).contains(new NMPattern(0, 4));
    }

    @Test
    void rejectsNaNOrInfiniteValuesNamingTheTensor() {
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
            float[] w = new float[8];
            w[5] = bad;
            assertThatThrownBy(() -> SparsityPattern.detect("model.layers.1.o_proj.weight", w, 2, 4))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("model.layers.1.o_proj.weight")
                    .hasMessageContaining("[1, 1]");
        }
    }

    private static Optional<NMPattern> bruteForcePattern(float[] w, int rows, int cols) {
        NMPattern best = null;
        for (int m : new int[] {4, 8, 16}) {
            if (cols % m != 0) {
                continue;
            }
            List<Integer> counts = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < cols; g += m) {
                    int nz = 0;
                    for (int t = 0; t < m; t++) {
                        nz += w[r * cols + g + t] != 0f ? 1 : 0;
                    }
                    counts.add(nz);
                }
            }
            int worst = Collections.max(counts);
            boolean binding = Collections.frequency(counts, worst) > counts.size() / 2.0;
            if (worst < m && binding && (best == null || (double) worst / m < (double) best.n() / best.m())) {
                best = new NMPattern(worst, m);
            }
        }
        return Optional.ofNullable(best);
    }
}

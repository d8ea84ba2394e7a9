package dev.gluestick.model.prune;

import dev.gluestick.model.InputException;
import dev.gluestick.model.layers.LinearLayer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Applies a {@link PruneMethod} to one linear layer's weight {@code W [rows = d_out, cols = d_in]},
 * row-major float32, and returns the pruned copy {@code Wp} (the input is never modified).
 *
 * <p>Semantics, shared by all methods (and documented in {@code docs/pruning.md}): every weight gets
 * a key; a weight that is already zero (either sign) has the lowest key of all, below any nonzero
 * weight whatever its score; otherwise the key orders by score. Among equal keys the lower flat
 * index (row-major; within a row or group, the lower column) is pruned first. A method prunes
 * exactly the k weights with the smallest (key, index) in its scope (layer, row or group), so the
 * result is deterministic and independent of platform or thread count.
 *
 * <p>Stateless and thread-safe: work arrays are allocated per call (a few KB per row).
 */
public final class Pruner {

    private static final int ABS_MASK = 0x7fffffff;
    private static final int INF_BITS = 0x7f800000;
    /** Above this group width a sort beats counting ranks pairwise. */
    private static final int PAIRWISE_MAX_M = 16;

    private final PruneMethod method;

    public Pruner(PruneMethod method) {
        this.method = Objects.requireNonNull(method, "method");
    }

    public PruneMethod method() {
        return method;
    }

    /**
     * Prunes a layer of a checkpoint, looking up its Wanda norms in {@code calibration} when the
     * method needs them.
     *
     * @param calibration may be null for magnitude methods
     */
    public float[] prune(LinearLayer layer, float[] w, CalibrationStats calibration) {
        float[] norms = null;
        if (method.needsCalibration()) {
            if (calibration == null) {
                throw new InputException(
                        "layer " + layer.modulePath() + ": " + method.describe()
                                + " needs input-channel norms from a calibration file (--calibration FILE)");
            }
            norms = calibration.normsFor(layer);
        }
        return prune(layer.tensorName(), w, layer.rows(), layer.cols(), norms);
    }

    /**
     * Returns the pruned copy of {@code w}.
     *
     * @param layerName named in every error message
     * @param channelNorms {@code ||X_j||_2} for each of the {@code cols} input channels; required by
     *     Wanda, ignored by magnitude
     * @throws InputException for NaN or infinite weights, missing, wrongly sized, negative or
     *     non-finite norms, or a {@code cols} that is not a multiple of M
     */
    public float[] prune(String layerName, float[] w, int rows, int cols, float[] channelNorms) {
        Objects.requireNonNull(layerName, "layerName");
        Objects.requireNonNull(w, "w");
        if (rows <= 0 || cols <= 0 || (long) rows * cols != w.length) {
            throw new IllegalArgumentException(
                    layerName + ": " + w.length + " weights do not make a " + rows + "x" + cols + " matrix");
        }
        float[] norms = method.needsCalibration() ? checkedNorms(layerName, channelNorms, cols) : null;
        if (method instanceof PruneMethod.Magnitude m) {
            return pruneLayerThreshold(layerName, w, cols, PruneMethod.pruneCount(m.sparsity(), w.length));
        } else if (method instanceof PruneMethod.Wanda wa) {
            return pruneRows(layerName, w, rows, cols, norms, PruneMethod.pruneCount(wa.sparsity(), cols));
        } else if (method instanceof PruneMethod.MagnitudeNM nm) {
            return pruneGroups(layerName, w, rows, cols, null, nm.pattern());
        } else if (method instanceof PruneMethod.WandaNM nm) {
            return pruneGroups(layerName, w, rows, cols, norms, nm.pattern());
        }
        throw new IllegalStateException("unhandled prune method " + method); // sealed: unreachable
    }

    // ---- keys ------------------------------------------------------------------------------------

    /**
     * Key of a weight with the given non-negative score: 0 for a zero weight, else the score's
     * bit pattern plus one (IEEE order equals integer order for non-negative floats, and the +1
     * puts a nonzero weight whose score underflows to 0 above every zero weight).
     */
    private static int key(int absBits, float score) {
        return absBits == 0 ? 0 : (Float.floatToRawIntBits(score) & ABS_MASK) + 1;
    }

    private static int absBits(String layer, float[] w, int i, int cols) {
        int b = Float.floatToRawIntBits(w[i]) & ABS_MASK;
        if (b >= INF_BITS) {
            throw new InputException(
                    "layer " + layer + ": weight [" + (i / cols) + ", " + (i % cols) + "] is " + w[i]
                            + "; cannot prune a tensor with NaN or infinite values");
        }
        return b;
    }

    private static float[] checkedNorms(String layer, float[] norms, int cols) {
        if (norms == null) {
            throw new InputException("layer " + layer + ": Wanda needs input-channel norms (--calibration FILE)");
        }
        if (norms.length != cols) {
            throw new InputException(
                    "layer " + layer + ": calibration norm vector has length " + norms.length + " but d_in is " + cols);
        }
        for (int j = 0; j < cols; j++) {
            float v = norms[j];
            if (!(v >= 0f) || v == Float.POSITIVE_INFINITY) {
                throw new InputException(
                        "layer " + layer + ": calibration norm of input channel " + j + " is " + v
                                + " (norms must be finite and non-negative)");
            }
        }
        return norms;
    }

    // ---- magnitude, unstructured: one threshold over the whole layer ----------------------------

    private static float[] pruneLayerThreshold(String layer, float[] w, int cols, long k) {
        int n = w.length;
        // Two 16-bit digits, streamed: the layer can be 45M weights, too many for a key array.
        int[] hist = new int[1 << 16];
        for (int i = 0; i < n; i++) {
            int b = absBits(layer, w, i, cols);
            hist[(b == 0 ? 0 : b + 1) >>> 16]++;
        }
        float[] out = w.clone();
        if (k == 0) {
            return out;
        }
        long rank = k - 1;
        int hi = 0;
        long below = 0;
        while (below + hist[hi] <= rank) {
            below += hist[hi];
            hi++;
        }
        rank -= below;
        Arrays.fill(hist, 0);
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(w[i]) & ABS_MASK;
            int key = b == 0 ? 0 : b + 1;
            if (key >>> 16 == hi) {
                hist[key & 0xffff]++;
            }
        }
        int lo = 0;
        while (hist[lo] <= rank) {
            rank -= hist[lo];
            below += hist[lo];
            lo++;
        }
        int threshold = (hi << 16) | lo;
        long ties = k - below; // how many weights with key == threshold to prune, lowest index first
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(w[i]) & ABS_MASK;
            int key = b == 0 ? 0 : b + 1;
            if (key < threshold) {
                out[i] = 0f;
            } else if (key == threshold && ties > 0) {
                out[i] = 0f;
                ties--;
            }
        }
        return out;
    }

    // ---- Wanda, unstructured: the same count in every row ---------------------------------------

    private static float[] pruneRows(String layer, float[] w, int rows, int cols, float[] norms, long kRow) {
        float[] out = w.clone();
        int[] keys = new int[cols];
        int[] scratch = new int[cols];
        int[] hist = new int[RankSelect.HIST];
        int k = (int) kRow;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                int b = absBits(layer, w, base + j, cols);
                keys[j] = key(b, Math.abs(w[base + j]) * norms[j]);
            }
            if (k == 0) {
                continue;
            }
            long sel = RankSelect.select(keys, cols, k - 1, hist, scratch);
            int threshold = (int) (sel >>> 32);
            int ties = k - (int) sel;
            for (int j = 0; j < cols; j++) {
                int key = keys[j];
                if (key < threshold) {
                    out[base + j] = 0f;
                } else if (key == threshold && ties > 0) {
                    out[base + j] = 0f;
                    ties--;
                }
            }
        }
        return out;
    }

    // ---- N:M, magnitude or Wanda: keep the top N of every M consecutive input columns ------------

    private static float[] pruneGroups(String layer, float[] w, int rows, int cols, float[] norms, NMPattern p) {
        int m = p.m();
        if (cols % m != 0) {
            throw new InputException(
                    "layer " + layer + ": d_in = " + cols + " is not a multiple of " + m + ", cannot prune it " + p);
        }
        int drop = m - p.n();
        float[] out = w.clone();
        long[] group = new long[m];
        int n = w.length;
        for (int g = 0; g < n; g += m) {
            int col0 = g % cols;
            // (key, position) packed so that ties break by the lower column without a second compare.
            for (int t = 0; t < m; t++) {
                int b = absBits(layer, w, g + t, cols);
                float score = norms == null ? Float.intBitsToFloat(b) : Math.abs(w[g + t]) * norms[col0 + t];
                group[t] = ((long) key(b, score) << 32) | t;
            }
            if (m <= PAIRWISE_MAX_M) {
                for (int t = 0; t < m; t++) {
                    long mine = group[t];
                    int rank = 0;
                    for (int u = 0; u < m; u++) {
                        rank += group[u] < mine ? 1 : 0;
                    }
                    if (rank < drop) {
                        out[g + t] = 0f;
                    }
                }
            } else {
                Arrays.sort(group);
                for (int t = 0; t < drop; t++) {
                    out[g + (int) (group[t] & 0xffffffffL)] = 0f;
                }
            }
        }
        return out;
    }
}

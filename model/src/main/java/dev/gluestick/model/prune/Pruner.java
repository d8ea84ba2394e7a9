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
        Objects.requireNonNull(w, "w");
        float[] out = new float[w.length];
        pruneInto(layerName, w, rows, cols, channelNorms, out);
        return out;
    }

    /**
     * Writes the pruned weights into {@code out}, which may be {@code w} itself: pruning a 45M-weight
     * layer in place saves a 180 MB copy when the caller no longer needs the dense values. If it
     * throws, {@code out} may hold a partly pruned layer.
     *
     * @see #prune(String, float[], int, int, float[])
     */
    public void pruneInto(String layerName, float[] w, int rows, int cols, float[] channelNorms, float[] out) {
        Objects.requireNonNull(layerName, "layerName");
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(out, "out");
        if (rows <= 0 || cols <= 0 || (long) rows * cols != w.length || out.length != w.length) {
            throw new IllegalArgumentException(
                    layerName + ": " + w.length + " weights (output " + out.length + ") do not make a " + rows + "x"
                            + cols + " matrix");
        }
        float[] norms = method.needsCalibration() ? checkedNorms(layerName, channelNorms, cols) : null;
        // Every path reads a weight (or its whole row or group) before writing the same positions,
        // which is what makes out == w safe.
        if (method instanceof PruneMethod.Magnitude m) {
            pruneLayerThreshold(layerName, w, cols, PruneMethod.pruneCount(m.sparsity(), w.length), out);
        } else if (method instanceof PruneMethod.Wanda wa) {
            pruneRows(layerName, w, rows, cols, norms, PruneMethod.pruneCount(wa.sparsity(), cols), out);
        } else if (method instanceof PruneMethod.MagnitudeNM nm) {
            pruneGroups(layerName, w, rows, cols, null, nm.pattern(), out);
        } else if (method instanceof PruneMethod.WandaNM nm) {
            pruneGroups(layerName, w, rows, cols, norms, nm.pattern(), out);
        } else {
            throw new IllegalStateException("unhandled prune method " + method); // sealed: unreachable
        }
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

    private static void pruneLayerThreshold(String layer, float[] w, int cols, long k, float[] out) {
        int n = w.length;
        // Two 16-bit digits, streamed: the layer can be 45M weights, too many for a key array.
        int[] hist = new int[1 << 16];
        for (int i = 0; i < n; i++) {
            int b = absBits(layer, w, i, cols);
            hist[(b == 0 ? 0 : b + 1) >>> 16]++;
        }
        if (k == 0) {
            System.arraycopy(w, 0, out, 0, n);
            return;
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
            int bits = Float.floatToRawIntBits(w[i]);
            int b = bits & ABS_MASK;
            int key = b == 0 ? 0 : b + 1;
            // Branch-free: about half the keys fall below a 50% threshold in random order.
            int keep = ~((key - threshold) >> 31); // 0 when key < threshold, else all ones
            if (key == threshold && ties > 0) { // rare: the tied run at the threshold
                keep = 0;
                ties--;
            }
            out[i] = Float.intBitsToFloat(bits & keep);
        }
    }

    // ---- Wanda, unstructured: the same count in every row ---------------------------------------

    private static void pruneRows(String layer, float[] w, int rows, int cols, float[] norms, long kRow, float[] out) {
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
                System.arraycopy(w, base, out, base, cols);
                continue;
            }
            long sel = RankSelect.select(keys, cols, k - 1, hist, scratch);
            int threshold = (int) (sel >>> 32);
            int ties = k - (int) sel;
            for (int j = 0; j < cols; j++) {
                int key = keys[j];
                int keep = ~((key - threshold) >> 31);
                if (key == threshold && ties > 0) {
                    keep = 0;
                    ties--;
                }
                out[base + j] = Float.intBitsToFloat(Float.floatToRawIntBits(w[base + j]) & keep);
            }
        }
    }

    // ---- N:M, magnitude or Wanda: keep the top N of every M consecutive input columns ------------

    private static void pruneGroups(String layer, float[] w, int rows, int cols, float[] norms, NMPattern p, float[] out) {
        int m = p.m();
        if (cols % m != 0) {
            throw new InputException(
                    "layer " + layer + ": d_in = " + cols + " is not a multiple of " + m + ", cannot prune it " + p);
        }
        int drop = m - p.n();
        int[] keys = new int[m];
        long[] packed = m > PAIRWISE_MAX_M ? new long[m] : null;
        if (m == 4) {
            pruneGroupsOf4(layer, w, rows, cols, norms, drop, out);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int col0 = 0; col0 < cols; col0 += m) {
                int g = base + col0;
                for (int t = 0; t < m; t++) {
                    int b = absBits(layer, w, g + t, cols);
                    float score = norms == null ? Float.intBitsToFloat(b) : Float.intBitsToFloat(b) * norms[col0 + t];
                    keys[t] = key(b, score);
                }
                if (m <= PAIRWISE_MAX_M) {
                    // rank = how many group members come before t in prune order (ties: lower column first).
                    for (int t = 0; t < m; t++) {
                        int kt = keys[t];
                        int rank = 0;
                        for (int u = 0; u < t; u++) {
                            rank += keys[u] <= kt ? 1 : 0;
                        }
                        for (int u = t + 1; u < m; u++) {
                            rank += keys[u] < kt ? 1 : 0;
                        }
                        int keep = ~((rank - drop) >> 31); // 0 when rank < drop
                        out[g + t] = Float.intBitsToFloat(Float.floatToRawIntBits(w[g + t]) & keep);
                    }
                } else {
                    // (key, column) packed so one sort orders by score, then by the lower column.
                    for (int t = 0; t < m; t++) {
                        packed[t] = ((long) keys[t] << 32) | t;
                    }
                    Arrays.sort(packed);
                    System.arraycopy(w, g, out, g, m);
                    for (int t = 0; t < drop; t++) {
                        out[g + (int) (packed[t] & 0xffffffffL)] = 0f;
                    }
                }
            }
        }
    }

    /**
     * The same rule as the general path, unrolled for M = 4 (2:4 is the pattern that matters):
     * twelve branch-free comparisons per group instead of loops.
     */
    private static void pruneGroupsOf4(String layer, float[] w, int rows, int cols, float[] norms, int drop, float[] out) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int col0 = 0; col0 < cols; col0 += 4) {
                int g = base + col0;
                int b0 = absBits(layer, w, g, cols);
                int b1 = absBits(layer, w, g + 1, cols);
                int b2 = absBits(layer, w, g + 2, cols);
                int b3 = absBits(layer, w, g + 3, cols);
                int k0;
                int k1;
                int k2;
                int k3;
                if (norms == null) {
                    k0 = b0 == 0 ? 0 : b0 + 1;
                    k1 = b1 == 0 ? 0 : b1 + 1;
                    k2 = b2 == 0 ? 0 : b2 + 1;
                    k3 = b3 == 0 ? 0 : b3 + 1;
                } else {
                    k0 = key(b0, Float.intBitsToFloat(b0) * norms[col0]);
                    k1 = key(b1, Float.intBitsToFloat(b1) * norms[col0 + 1]);
                    k2 = key(b2, Float.intBitsToFloat(b2) * norms[col0 + 2]);
                    k3 = key(b3, Float.intBitsToFloat(b3) * norms[col0 + 3]);
                }
                // rank = members before this one in prune order; an earlier column wins a tie.
                int r0 = (k1 < k0 ? 1 : 0) + (k2 < k0 ? 1 : 0) + (k3 < k0 ? 1 : 0);
                int r1 = (k0 <= k1 ? 1 : 0) + (k2 < k1 ? 1 : 0) + (k3 < k1 ? 1 : 0);
                int r2 = (k0 <= k2 ? 1 : 0) + (k1 <= k2 ? 1 : 0) + (k3 < k2 ? 1 : 0);
                int r3 = (k0 <= k3 ? 1 : 0) + (k1 <= k3 ? 1 : 0) + (k2 <= k3 ? 1 : 0);
                out[g] = Float.intBitsToFloat(Float.floatToRawIntBits(w[g]) & ~((r0 - drop) >> 31));
                out[g + 1] = Float.intBitsToFloat(Float.floatToRawIntBits(w[g + 1]) & ~((r1 - drop) >> 31));
                out[g + 2] = Float.intBitsToFloat(Float.floatToRawIntBits(w[g + 2]) & ~((r2 - drop) >> 31));
                out[g + 3] = Float.intBitsToFloat(Float.floatToRawIntBits(w[g + 3]) & ~((r3 - drop) >> 31));
            }
        }
    }
}

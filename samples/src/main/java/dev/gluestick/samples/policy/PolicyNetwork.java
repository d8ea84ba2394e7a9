package dev.gluestick.samples.policy;

import java.util.List;

/**
 * The policy's forward pass in plain Java, compiled from {@link PolicyWeights}: weights are held
 * transposed ({@code [d_in][d_out]}) so each input contributes one contiguous axpy that HotSpot
 * vectorizes, and zero inputs (ReLU outputs, one-hot tokens) are skipped. Corrections run
 * factored: {@code t = B x} (r dot products), then {@code y += A t}. Not thread-safe (scratch
 * buffers); make one per thread.
 */
public final class PolicyNetwork {

    private final int layers;
    private final int[] in;
    private final int[] out;
    private final float[][] weightT;
    private final float[][] bias;
    private final int[] rank;
    /** Per layer, B row-major [r][d_in] and A transposed [r][d_out]; null when no correction. */
    private final float[][] corrB;
    private final float[][] corrAT;
    private final float[][] act;
    private final float[] t;

    public PolicyNetwork(PolicyWeights weights) {
        List<LinearWeights> ls = weights.layers();
        layers = ls.size();
        in = new int[layers];
        out = new int[layers];
        weightT = new float[layers][];
        bias = new float[layers][];
        rank = new int[layers];
        corrB = new float[layers][];
        corrAT = new float[layers][];
        act = new float[layers + 1][];
        int maxRank = 0;
        for (int l = 0; l < layers; l++) {
            LinearWeights w = ls.get(l);
            in[l] = w.cols();
            out[l] = w.rows();
            weightT[l] = transpose(w.weightView(), w.rows(), w.cols());
            bias[l] = w.bias();
            LowRankCorrection c = weights.corrections().get(w.module());
            if (c != null && c.rank() > 0) {
                rank[l] = c.rank();
                corrB[l] = c.b();
                corrAT[l] = transpose(c.aView(), c.rows(), c.rank());
                maxRank = Math.max(maxRank, c.rank());
            }
            act[l] = new float[in[l]];
        }
        act[layers] = new float[out[layers - 1]];
        t = new float[Math.max(1, maxRank)];
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] tr = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                tr[j * rows + i] = m[i * cols + j];
            }
        }
        return tr;
    }

    public int inputSize() {
        return in[0];
    }

    /**
     * Runs the network on one observation; writes the raw outputs (before action scaling) into
     * {@code action}.
     */
    public void forward(float[] observation, int offset, float[] action) {
        System.arraycopy(observation, offset, act[0], 0, in[0]);
        for (int l = 0; l < layers; l++) {
            float[] x = act[l];
            float[] y = act[l + 1];
            int nOut = out[l];
            System.arraycopy(bias[l], 0, y, 0, nOut);
            float[] wt = weightT[l];
            for (int i = 0, n = in[l]; i < n; i++) {
                float xi = x[i];
                if (xi != 0f) {
                    axpy(wt, i * nOut, xi, y, nOut);
                }
            }
            if (rank[l] > 0) {
                float[] b = corrB[l];
                int nIn = in[l];
                for (int k = 0; k < rank[l]; k++) {
                    float s = 0f;
                    int off = k * nIn;
                    for (int i = 0; i < nIn; i++) {
                        s += b[off + i] * x[i];
                    }
                    t[k] = s;
                }
                float[] at = corrAT[l];
                for (int k = 0; k < rank[l]; k++) {
                    axpy(at, k * nOut, t[k], y, nOut);
                }
            }
            if (l < layers - 1) {
                for (int o = 0; o < nOut; o++) {
                    if (y[o] < 0f) {
                        y[o] = 0f;
                    }
                }
            }
        }
        System.arraycopy(act[layers], 0, action, 0, out[layers - 1]);
    }

    /**
     * Adds the squares of every layer's input from the last {@link #forward} call to {@code
     * sums[layer][channel]} (for Wanda calibration norms).
     */
    public void accumulateInputSquares(double[][] sums) {
        for (int l = 0; l < layers; l++) {
            float[] x = act[l];
            double[] s = sums[l];
            for (int i = 0; i < in[l]; i++) {
                s[i] += (double) x[i] * x[i];
            }
        }
    }

    private static void axpy(float[] src, int off, float a, float[] y, int n) {
        for (int o = 0; o < n; o++) {
            y[o] += a * src[off + o];
        }
    }
}

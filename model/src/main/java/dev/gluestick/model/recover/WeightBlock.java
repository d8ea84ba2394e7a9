package dev.gluestick.model.recover;

import dev.gluestick.model.layers.LinearLayer;

/**
 * A rectangular block of a layer's dense and pruned weights, row-major, for the mask picture.
 *
 * @param row0 first row (output channel) of the block
 * @param col0 first column (input channel)
 */
public record WeightBlock(int row0, int col0, int height, int width, float[] dense, float[] pruned) {

    public WeightBlock {
        if (dense.length != height * width || pruned.length != height * width) {
            throw new IllegalArgumentException("block arrays do not match " + height + "x" + width);
        }
        dense = dense.clone();
        pruned = pruned.clone();
    }

    @Override
    public float[] dense() {
        return dense.clone();
    }

    @Override
    public float[] pruned() {
        return pruned.clone();
    }

    public boolean isKept(int r, int c) {
        return pruned[r * width + c] != 0f;
    }

    static WeightBlock cut(LinearLayer layer, float[] w, float[] wp, int row0, int col0, int height, int width) {
        int r0 = Math.max(0, Math.min(row0, layer.rows() - 1));
        int c0 = Math.max(0, Math.min(col0, layer.cols() - 1));
        int h = Math.max(1, Math.min(height, layer.rows() - r0));
        int wd = Math.max(1, Math.min(width, layer.cols() - c0));
        float[] d = new float[h * wd];
        float[] p = new float[h * wd];
        for (int r = 0; r < h; r++) {
            System.arraycopy(w, (r0 + r) * layer.cols() + c0, d, r * wd, wd);
            System.arraycopy(wp, (r0 + r) * layer.cols() + c0, p, r * wd, wd);
        }
        return new WeightBlock(r0, c0, h, wd, d, p);
    }
}

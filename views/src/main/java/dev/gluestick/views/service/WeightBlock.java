package dev.gluestick.views.service;

/**
 * A rectangular block of a layer's dense weight W and pruned weight Wp, row-major.
 *
 * @param row0 first output row of the block in the layer
 * @param col0 first input column
 */
public record WeightBlock(int row0, int col0, int rows, int cols, float[] dense, float[] pruned) {

    public WeightBlock {
        if (rows <= 0 || cols <= 0 || dense.length != rows * cols || pruned.length != rows * cols) {
            throw new IllegalArgumentException("block " + rows + "x" + cols + " does not match its data");
        }
        dense = dense.clone();
        pruned = pruned.clone();
    }

    public float dense(int r, int c) {
        return dense[r * cols + c];
    }

    public float pruned(int r, int c) {
        return pruned[r * cols + c];
    }

    @Override
    public float[] dense() {
        return dense.clone();
    }

    @Override
    public float[] pruned() {
        return pruned.clone();
    }
}

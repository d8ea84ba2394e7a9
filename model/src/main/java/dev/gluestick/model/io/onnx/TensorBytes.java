package dev.gluestick.model.io.onnx;

/** The [in, out] to [out, in] transpose of a little-endian element array. */
final class TensorBytes {

    private TensorBytes() {}

    /** Swaps a row-major {@code rows x cols} matrix of {@code width}-byte elements into {@code cols x rows}. */
    static byte[] transpose(byte[] src, int rows, int cols, int width) {
        byte[] dst = new byte[src.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                System.arraycopy(src, (i * cols + j) * width, dst, (j * rows + i) * width, width);
            }
        }
        return dst;
    }
}

package dev.gluestick.model.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorBytesTest {

    /** Shapes around the tile size, so partial tiles on both edges are covered. */
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {64, 64}, {65, 130}, {130, 63}};

    @Test
    void transposesFloatsOfEveryShape() {
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            float[] src = new float[rows * cols];
            for (int k = 0; k < src.length; k++) {
                src[k] = k;
            }
            float[] dst = TensorBytes.transpose(src, rows, cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertThat(dst[j * rows + i]).isEqualTo(src[i * cols + j]);
                }
            }
        }
    }

    @Test
    void transposesElementsOfEveryWidthKeepingTheirBytesInOrder() {
        for (int width : new int[] {1, 2, 4, 8}) {
            for (int[] s : SHAPES) {
                int rows = s[0];
                int cols = s[1];
                byte[] src = new byte[rows * cols * width];
                for (int k = 0; k < src.length; k++) {
                    src[k] = (byte) (k * 31 + k / 7);
                }
                byte[] dst = TensorBytes.transpose(src, rows, cols, width);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        for (int b = 0; b < width; b++) {
                            assertThat(dst[(j * rows + i) * width + b]).isEqualTo(src[(i * cols + j) * width + b]);
                        }
                    }
                }
            }
        }
    }
}

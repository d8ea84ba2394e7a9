package dev.gluestick.model.io.onnx;

import dev.gluestick.model.tensor.DType;

/** Little-endian byte arrays to float32, and the [in, out] to [out, in] transpose. */
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

    static float[] toFloats(byte[] le, DType dtype) {
        int n = le.length / dtype.byteWidth();
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat(int32(le, 4 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    long bits = (int32(le, 8 * i) & 0xFFFF_FFFFL) | ((long) int32(le, 8 * i + 4) << 32);
                    out[i] = (float) Double.longBitsToDouble(bits);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat(uint16(le, 2 * i) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(uint16(le, 2 * i));
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a floating type");
        }
        return out;
    }

    /** IEEE 754 binary16 to binary32, exact for every value including subnormals, infinities and NaN. */
    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exactly representable in float.
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }
}

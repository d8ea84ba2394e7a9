package dev.gluestick.model.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.ShortBuffer;

/**
 * Converts between little-endian F64/F32/F16/BF16 bytes and float32.
 *
 * <p>Decoding works on bulk buffer views (one {@code get} per chunk, no per-element objects) so a
 * 7B checkpoint streams at close to memory bandwidth. Encoding rounds to nearest, ties to even;
 * NaN stays NaN (quiet, sign kept), values beyond the target range become infinity, and F16 keeps
 * subnormals. Java 17 has no {@code Float.floatToFloat16}, hence the hand-written conversions.
 */
public final class FloatCodec {

    /** Elements per bulk chunk: big enough to amortize the view calls, small enough for L1/L2. */
    private static final int CHUNK = 8192;

    /** F16 -> float32 for all 65536 bit patterns: one array load per element beats branching. */
    private static final float[] F16_TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < F16_TABLE.length; h++) {
            F16_TABLE[h] = f16BitsToFloatSlow((short) h);
        }
    }

    private FloatCodec() {}

    /**
     * Decodes {@code count} elements of {@code dtype} from {@code src}, starting at its position
     * (the position is not moved), into {@code dst[dstOffset..]}.
     *
     * @throws IllegalArgumentException for a dtype that is not {@link DType#isComputable()}
     */
    public static void decode(ByteBuffer src, DType dtype, float[] dst, int dstOffset, int count) {
        ByteBuffer le = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        if ((long) count * dtype.byteWidth() > le.remaining()) {
            throw new IndexOutOfBoundsException("need " + count + " " + dtype + " elements, buffer has " + le.remaining() + " bytes");
        }
        switch (dtype) {
            case F32 -> le.asFloatBuffer().get(dst, dstOffset, count);
            case F64 -> decodeF64(le.asDoubleBuffer(), dst, dstOffset, count);
            case BF16 -> decodeBf16(le.asShortBuffer(), dst, dstOffset, count);
            case F16 -> decodeF16(le.asShortBuffer(), dst, dstOffset, count);
            case F8_E4M3, F8_E5M2, I64, I32, I16, I8, U8, BOOL ->
                    throw new IllegalArgumentException("cannot convert " + dtype + " to float32");
        }
    }

    /** Decodes a whole little-endian byte array. */
    public static float[] decode(byte[] bytes, DType dtype) {
        if (bytes.length % dtype.byteWidth() != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes is not a whole number of " + dtype + " elements");
        }
        float[] out = new float[bytes.length / dtype.byteWidth()];
        decode(ByteBuffer.wrap(bytes), dtype, out, 0, out.length);
        return out;
    }

    /**
     * Encodes {@code src[srcOffset..srcOffset+count)} as little-endian {@code dtype} into {@code dst}
     * at its position, advancing the position.
     */
    public static void encode(float[] src, int srcOffset, int count, DType dtype, ByteBuffer dst) {
        ByteBuffer le = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        if ((long) count * dtype.byteWidth() > le.remaining()) {
            throw new IndexOutOfBoundsException("need " + (long) count * dtype.byteWidth() + " bytes, buffer has " + le.remaining());
        }
        switch (dtype) {
            case F32 -> le.asFloatBuffer().put(src, srcOffset, count);
            case F64 -> {
                DoubleBuffer db = le.asDoubleBuffer();
                double[] chunk = new double[Math.min(CHUNK, count)];
                for (int done = 0; done < count; ) {
                    int n = Math.min(chunk.length, count - done);
                    for (int i = 0; i < n; i++) {
                        chunk[i] = src[srcOffset + done + i];
                    }
                    db.put(chunk, 0, n);
                    done += n;
                }
            }
            case BF16, F16 -> {
                ShortBuffer sb = le.asShortBuffer();
                short[] chunk = new short[Math.min(CHUNK, count)];
                boolean bf16 = dtype == DType.BF16;
                for (int done = 0; done < count; ) {
                    int n = Math.min(chunk.length, count - done);
                    for (int i = 0; i < n; i++) {
                        float f = src[srcOffset + done + i];
                        chunk[i] = bf16 ? floatToBf16Bits(f) : floatToF16Bits(f);
                    }
                    sb.put(chunk, 0, n);
                    done += n;
                }
            }
            case F8_E4M3, F8_E5M2, I64, I32, I16, I8, U8, BOOL ->
                    throw new IllegalArgumentException("cannot convert float32 to " + dtype);
        }
        dst.position(dst.position() + count * dtype.byteWidth());
    }

    /** Encodes a whole array as little-endian {@code dtype} bytes. */
    public static byte[] encode(float[] values, DType dtype) {
        byte[] out = new byte[Math.multiplyExact(values.length, dtype.byteWidth())];
        encode(values, 0, values.length, dtype, ByteBuffer.wrap(out));
        return out;
    }

    public static float bf16BitsToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float32 -> bfloat16, round to nearest even; NaN stays a (quiet) NaN. */
    public static short floatToBf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            // Truncating could clear every mantissa bit and turn NaN into infinity.
            return (short) ((bits >>> 16) | 0x0040);
        }
        // Adding 0x7fff plus the lowest kept bit rounds ties to even; a carry into the exponent
        // is the correct result (up to infinity for values past the bf16 maximum).
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    public static float f16BitsToFloat(short bits) {
        return F16_TABLE[bits & 0xffff];
    }

    /** float32 -> IEEE binary16, round to nearest even, with subnormals and overflow to infinity. */
    public static short floatToF16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) {
            if (abs > 0x7f800000) {
                return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff));
            }
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x477ff000) {
            // 65520 is the midpoint between 65504 (max, odd mantissa) and 65536: ties go up to inf.
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) {
            // Normal in f16: rebias the exponent (127 -> 15) and round the 13 dropped bits.
            int r = abs - 0x38000000;
            r = r + 0x0fff + ((r >>> 13) & 1);
            return (short) (sign | (r >>> 13));
        }
        if (abs <= 0x33000000) {
            // At most 2^-25: half of the smallest subnormal, a tie that rounds to even zero.
            return (short) sign;
        }
        // Subnormal result: value / 2^-24 rounded to an integer mantissa.
        int e = abs >>> 23;
        int mant = (abs & 0x7fffff) | 0x800000;
        int shift = 126 - e;
        int m = mant >>> shift;
        int rem = mant & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rem > half || (rem == half && (m & 1) == 1)) {
            m++;
        }
        return (short) (sign | m);
    }

    private static float f16BitsToFloatSlow(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void decodeBf16(ShortBuffer sb, float[] dst, int off, int count) {
        short[] chunk = new short[Math.min(CHUNK, count)];
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk.length, count - done);
            sb.get(chunk, 0, n);
            int base = off + done;
            for (int i = 0; i < n; i++) {
                dst[base + i] = Float.intBitsToFloat(chunk[i] << 16);
            }
            done += n;
        }
    }

    private static void decodeF16(ShortBuffer sb, float[] dst, int off, int count) {
        short[] chunk = new short[Math.min(CHUNK, count)];
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk.length, count - done);
            sb.get(chunk, 0, n);
            int base = off + done;
            for (int i = 0; i < n; i++) {
                dst[base + i] = F16_TABLE[chunk[i] & 0xffff];
            }
            done += n;
        }
    }

    private static void decodeF64(DoubleBuffer db, float[] dst, int off, int count) {
        double[] chunk = new double[Math.min(CHUNK, count)];
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk.length, count - done);
            db.get(chunk, 0, n);
            int base = off + done;
            for (int i = 0; i < n; i++) {
                dst[base + i] = (float) chunk[i];
            }
            done += n;
        }
    }
}

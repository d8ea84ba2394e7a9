package dev.gluestick.model.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

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
            case F64 -> decodeF64(le, dst, dstOffset, count);
            case BF16 -> decodeBf16(le, dst, dstOffset, count);
            case F16 -> decodeF16(le, dst, dstOffset, count);
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
            case BF16 -> encodeHalves(src, srcOffset, count, true, le);
            case F16 -> encodeHalves(src, srcOffset, count, false, le);
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

    /** Packs four 16-bit results per absolute 8-byte put (same reason as the decoders below). */
    private static void encodeHalves(float[] src, int off, int count, boolean bf16, ByteBuffer le) {
        int quads = count >>> 2;
        for (int q = 0; q < quads; q++) {
            int s = off + (q << 2);
            long v;
            if (bf16) {
                v = (floatToBf16Bits(src[s]) & 0xffffL)
                        | (floatToBf16Bits(src[s + 1]) & 0xffffL) << 16
                        | (floatToBf16Bits(src[s + 2]) & 0xffffL) << 32
                        | (long) floatToBf16Bits(src[s + 3]) << 48;
            } else {
                v = (floatToF16Bits(src[s]) & 0xffffL)
                        | (floatToF16Bits(src[s + 1]) & 0xffffL) << 16
                        | (floatToF16Bits(src[s + 2]) & 0xffffL) << 32
                        | (long) floatToF16Bits(src[s + 3]) << 48;
            }
            le.putLong(q << 3, v);
        }
        for (int i = quads << 2; i < count; i++) {
            float f = src[off + i];
            le.putShort(i << 1, bf16 ? floatToBf16Bits(f) : floatToF16Bits(f));
        }
    }

    // The decoders read 8 bytes at a time with absolute gets: measured about 3x faster here than
    // a bulk ShortBuffer copy into a chunk followed by a conversion loop (bench io, docs/benchmarks.md).

    private static void decodeBf16(ByteBuffer le, float[] dst, int off, int count) {
        int quads = count >>> 2;
        for (int q = 0; q < quads; q++) {
            long v = le.getLong(q << 3);
            int lo = (int) v;
            int hi = (int) (v >>> 32);
            int d = off + (q << 2);
            dst[d] = Float.intBitsToFloat(lo << 16);
            dst[d + 1] = Float.intBitsToFloat(lo & 0xffff0000);
            dst[d + 2] = Float.intBitsToFloat(hi << 16);
            dst[d + 3] = Float.intBitsToFloat(hi & 0xffff0000);
        }
        for (int i = quads << 2; i < count; i++) {
            dst[off + i] = Float.intBitsToFloat(le.getShort(i << 1) << 16);
        }
    }

    private static void decodeF16(ByteBuffer le, float[] dst, int off, int count) {
        float[] table = F16_TABLE;
        int quads = count >>> 2;
        for (int q = 0; q < quads; q++) {
            long v = le.getLong(q << 3);
            int d = off + (q << 2);
            dst[d] = table[(int) v & 0xffff];
            dst[d + 1] = table[(int) (v >>> 16) & 0xffff];
            dst[d + 2] = table[(int) (v >>> 32) & 0xffff];
            dst[d + 3] = table[(int) (v >>> 48) & 0xffff];
        }
        for (int i = quads << 2; i < count; i++) {
            dst[off + i] = table[le.getShort(i << 1) & 0xffff];
        }
    }

    private static void decodeF64(ByteBuffer le, float[] dst, int off, int count) {
        for (int i = 0; i < count; i++) {
            dst[off + i] = (float) le.getDouble(i << 3);
        }
    }
}

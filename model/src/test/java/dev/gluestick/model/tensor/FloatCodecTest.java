package dev.gluestick.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatCodecTest {

    @Test
    void everyFiniteF16ValueSurvivesDecodeThenEncode() {
        for (int h = 0; h < 1 << 16; h++) {
            short bits = (short) h;
            float f = FloatCodec.f16BitsToFloat(bits);
            if (Float.isNaN(f)) {
                assertThat(FloatCodec.floatToF16Bits(f) & 0x7c00).isEqualTo(0x7c00);
                assertThat(Float.isNaN(FloatCodec.f16BitsToFloat(FloatCodec.floatToF16Bits(f)))).isTrue();
                continue;
            }
            assertThat(FloatCodec.floatToF16Bits(f)).as("f16 0x%04x", h).isEqualTo(bits);
        }
    }

    @Test
    void everyBf16ValueSurvivesDecodeThenEncode() {
        for (int h = 0; h < 1 << 16; h++) {
            short bits = (short) h;
            float f = FloatCodec.bf16BitsToFloat(bits);
            short back = FloatCodec.floatToBf16Bits(f);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(FloatCodec.bf16BitsToFloat(back))).as("bf16 0x%04x", h).isTrue();
            } else {
                assertThat(back).as("bf16 0x%04x", h).isEqualTo(bits);
            }
        }
    }

    @Test
    void f16RoundsMidpointsToEvenAndNeighboursToNearest() {
        // Walk all positive finite f16 pairs (normals and subnormals); midpoints are exact in f32.
        for (int h = 0; h < 0x7bff; h++) {
            float lo = FloatCodec.f16BitsToFloat((short) h);
            float hi = FloatCodec.f16BitsToFloat((short) (h + 1));
            float mid = (float) (((double) lo + hi) / 2);
            short even = (short) ((h & 1) == 0 ? h : h + 1);
            assertThat(FloatCodec.floatToF16Bits(mid)).as("midpoint above 0x%04x", h).isEqualTo(even);
            assertThat(FloatCodec.floatToF16Bits(Math.nextDown(mid))).isEqualTo((short) h);
            assertThat(FloatCodec.floatToF16Bits(Math.nextUp(mid))).isEqualTo((short) (h + 1));
            assertThat(FloatCodec.floatToF16Bits(-mid)).isEqualTo((short) (even | 0x8000));
        }
    }

    @Test
    void bf16RoundsMidpointsToEvenAndNeighboursToNearest() {
        for (int h = 0; h < 0x7f7f; h++) {
            float lo = FloatCodec.bf16BitsToFloat((short) h);
            float hi = FloatCodec.bf16BitsToFloat((short) (h + 1));
            float mid = (float) (((double) lo + hi) / 2);
            short even = (short) ((h & 1) == 0 ? h : h + 1);
            assertThat(FloatCodec.floatToBf16Bits(mid)).as("midpoint above 0x%04x", h).isEqualTo(even);
            assertThat(FloatCodec.floatToBf16Bits(Math.nextDown(mid))).isEqualTo((short) h);
            assertThat(FloatCodec.floatToBf16Bits(Math.nextUp(mid))).isEqualTo((short) (h + 1));
        }
    }

    @Test
    void overflowBecomesInfinityAndTheLargestValuesStayFinite() {
        assertThat(FloatCodec.floatToF16Bits(65504f)).isEqualTo((short) 0x7bff);
        assertThat(FloatCodec.floatToF16Bits(Math.nextDown(65520f))).isEqualTo((short) 0x7bff);
        assertThat(FloatCodec.floatToF16Bits(65520f)).isEqualTo((short) 0x7c00);
        assertThat(FloatCodec.floatToF16Bits(-1e9f)).isEqualTo((short) 0xfc00);
        assertThat(FloatCodec.floatToF16Bits(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
        assertThat(FloatCodec.floatToBf16Bits(Float.MAX_VALUE)).isEqualTo((short) 0x7f80);
        assertThat(FloatCodec.floatToBf16Bits(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xff80);
    }

    @Test
    void nanStaysNanEvenWhenOnlyLowMantissaBitsAreSet() {
        float lowNan = Float.intBitsToFloat(0x7f800001);
        assertThat(Float.isNaN(FloatCodec.bf16BitsToFloat(FloatCodec.floatToBf16Bits(lowNan)))).isTrue();
        assertThat(Float.isNaN(FloatCodec.f16BitsToFloat(FloatCodec.floatToF16Bits(lowNan)))).isTrue();
        float negNan = Float.intBitsToFloat(0xff800001);
        assertThat(FloatCodec.floatToBf16Bits(negNan) & 0x8000).isEqualTo(0x8000);
    }

    @Test
    void f16SubnormalsAndSignedZeroAreExact() {
        assertThat(FloatCodec.f16BitsToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(FloatCodec.f16BitsToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
        assertThat(FloatCodec.floatToF16Bits(0x1p-25f)).isEqualTo((short) 0);
        assertThat(FloatCodec.floatToF16Bits(Math.nextUp(0x1p-25f))).isEqualTo((short) 1);
        assertThat(FloatCodec.floatToF16Bits(-0f)).isEqualTo((short) 0x8000);
        assertThat(FloatCodec.floatToF16Bits(Float.MIN_VALUE)).isEqualTo((short) 0);
    }

    @Test
    void bulkDecodeMatchesScalarConversionForEveryDtype() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 20_003; // not a multiple of 4: exercises the tail after the 8-byte steps
        ByteBuffer bf = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer hf = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f32 = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f64 = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        float[] ref32 = new float[n];
        double[] ref64 = new double[n];
        for (int i = 0; i < n; i++) {
            short s = (short) rnd.nextInt(1 << 16);
            bf.putShort(s);
            hf.putShort(s);
            ref32[i] = (float) rnd.nextGaussian();
            f32.putFloat(ref32[i]);
            ref64[i] = rnd.nextGaussian();
            f64.putDouble(ref64[i]);
        }
        float[] out = new float[n];
        FloatCodec.decode(bf.array(), DType.BF16);
        FloatCodec.decode(bf.flip(), DType.BF16, out, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(out[i])).isEqualTo(Float.floatToRawIntBits(
                    FloatCodec.bf16BitsToFloat(bf.getShort(2 * i))));
        }
        FloatCodec.decode(hf.flip(), DType.F16, out, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(out[i])).isEqualTo(Float.floatToRawIntBits(
                    FloatCodec.f16BitsToFloat(hf.getShort(2 * i))));
        }
        assertThat(FloatCodec.decode(f32.array(), DType.F32)).containsExactly(ref32);
        float[] from64 = FloatCodec.decode(f64.array(), DType.F64);
        for (int i = 0; i < n; i++) {
            assertThat(from64[i]).isEqualTo((float) ref64[i]);
        }
    }

    @Test
    void bulkEncodeMatchesScalarConversionAndRoundTrips() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] v = new float[30_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-8, 6)));
        }
        byte[] bf = FloatCodec.encode(v, DType.BF16);
        byte[] hf = FloatCodec.encode(v, DType.F16);
        ByteBuffer bb = ByteBuffer.wrap(bf).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer hb = ByteBuffer.wrap(hf).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            assertThat(bb.getShort(2 * i)).isEqualTo(FloatCodec.floatToBf16Bits(v[i]));
            assertThat(hb.getShort(2 * i)).isEqualTo(FloatCodec.floatToF16Bits(v[i]));
        }
        assertThat(FloatCodec.decode(FloatCodec.encode(v, DType.F32), DType.F32)).containsExactly(v);
        assertThat(FloatCodec.decode(FloatCodec.encode(v, DType.F64), DType.F64)).containsExactly(v);
    }

    @Test
    void refusesNonFloatingDtypes() {
        assertThatThrownBy(() -> FloatCodec.decode(new byte[4], DType.I32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("I32");
        assertThatThrownBy(() -> FloatCodec.encode(new float[1], DType.F8_E4M3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F8_E4M3");
    }
}

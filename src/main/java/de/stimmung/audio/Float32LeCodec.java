package de.stimmung.audio;

/**
 * IEEE 754 32-bit little-endian floats, full scale 1.0. Values pass through unchanged in both
 * directions, including NaN, infinities and values beyond [-1, 1]; callers check with
 * {@link SampleCodec#indexOfNonFinite}. Stateless, thread-safe.
 */
public final class Float32LeCodec implements SampleCodec {

    static final Float32LeCodec INSTANCE = new Float32LeCodec();

    private Float32LeCodec() {
    }

    @Override
    public SampleEncoding encoding() {
        return SampleEncoding.FLOAT32LE;
    }

    @Override
    public int bytesPerSample() {
        return 4;
    }

    @Override
    public int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int count = Linear16.decodedCount(this, src, srcOff, byteLen, dst, dstOff);
        for (int i = 0, b = srcOff; i < count; i++, b += 4) {
            int bits = (src[b] & 0xFF) | (src[b + 1] & 0xFF) << 8 | (src[b + 2] & 0xFF) << 16 | src[b + 3] << 24;
            dst[dstOff + i] = Float.intBitsToFloat(bits);
        }
        return count;
    }

    @Override
    public byte[] encode(float[] samples, int off, int len) {
        byte[] out = new byte[len * 4];
        for (int i = 0; i < len; i++) {
            int bits = Float.floatToRawIntBits(samples[off + i]);
            out[4 * i] = (byte) bits;
            out[4 * i + 1] = (byte) (bits >> 8);
            out[4 * i + 2] = (byte) (bits >> 16);
            out[4 * i + 3] = (byte) (bits >> 24);
        }
        return out;
    }
}

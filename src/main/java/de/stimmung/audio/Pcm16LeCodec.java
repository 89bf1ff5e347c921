package de.stimmung.audio;

/** Signed 16-bit little-endian PCM: sample {@code s} decodes to {@code s / 32768f}. Stateless, thread-safe. */
public final class Pcm16LeCodec implements SampleCodec {

    static final Pcm16LeCodec INSTANCE = new Pcm16LeCodec();

    private Pcm16LeCodec() {
    }

    @Override
    public SampleEncoding encoding() {
        return SampleEncoding.PCM_S16LE;
    }

    @Override
    public int bytesPerSample() {
        return 2;
    }

    @Override
    public int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int count = Linear16.decodedCount(this, src, srcOff, byteLen, dst, dstOff);
        for (int i = 0, b = srcOff; i < count; i++, b += 2) {
            dst[dstOff + i] = (short) ((src[b] & 0xFF) | (src[b + 1] << 8)) / 32768f;
        }
        return count;
    }

    @Override
    public byte[] encode(float[] samples, int off, int len) {
        byte[] out = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            int v = Linear16.fromFloat(samples[off + i]);
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }
}

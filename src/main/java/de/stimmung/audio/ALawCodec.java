package de.stimmung.audio;

import de.stimmung.avro.AudioEncoding;

/**
 * ITU-T G.711 A-law, one byte per sample: decodes via the linear 16-bit value (range
 * -32256..32256) divided by 32768. Stateless, thread-safe.
 */
public final class ALawCodec implements SampleCodec {

    static final ALawCodec INSTANCE = new ALawCodec();

    private ALawCodec() {
    }

    @Override
    public AudioEncoding encoding() {
        return AudioEncoding.ALAW;
    }

    @Override
    public int bytesPerSample() {
        return 1;
    }

    @Override
    public int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int count = Linear16.decodedCount(this, src, srcOff, byteLen, dst, dstOff);
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = G711.aLawToLinear(src[srcOff + i]) / 32768f;
        }
        return count;
    }

    @Override
    public byte[] encode(float[] samples, int off, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = G711.linearToALaw(Linear16.fromFloat(samples[off + i]));
        }
        return out;
    }
}

package de.stimmung.audio;

import de.stimmung.avro.AudioEncoding;

/**
 * ITU-T G.711 mu-law, one byte per sample: decodes via the linear 16-bit value (range
 * -32124..32124) divided by 32768. Stateless, thread-safe.
 */
public final class MuLawCodec implements SampleCodec {

    static final MuLawCodec INSTANCE = new MuLawCodec();

    private MuLawCodec() {
    }

    @Override
    public AudioEncoding encoding() {
        return AudioEncoding.MULAW;
    }

    @Override
    public int bytesPerSample() {
        return 1;
    }

    @Override
    public int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int count = Linear16.decodedCount(this, src, srcOff, byteLen, dst, dstOff);
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = G711.muLawToLinear(src[srcOff + i]) / 32768f;
        }
        return count;
    }

    @Override
    public byte[] encode(float[] samples, int off, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = G711.linearToMuLaw(Linear16.fromFloat(samples[off + i]));
        }
        return out;
    }
}

package de.stimmung.audio;

/**
 * ITU-T G.711 companding, one byte per sample: {@link #MU_LAW} (linear range -32124..32124) and
 * {@link #A_LAW} (-32256..32256). Decodes via the linear 16-bit value divided by 32768; encodes
 * clipped samples with the reference segment algorithm ({@link G711}). Stateless, thread-safe.
 */
public final class G711Codec implements SampleCodec {

    static final G711Codec MU_LAW = new G711Codec(SampleEncoding.MULAW, G711::muLawToLinear, G711::linearToMuLaw);
    static final G711Codec A_LAW = new G711Codec(SampleEncoding.ALAW, G711::aLawToLinear, G711::linearToALaw);

    /** A code byte (only its low 8 bits count) to its linear 16-bit value. */
    private interface Expander {
        short toLinear(int code);
    }

    /** A linear 16-bit value to its code byte. */
    private interface Compressor {
        byte toCode(int linear16);
    }

    private final SampleEncoding encoding;
    private final Expander expander;
    private final Compressor compressor;

    private G711Codec(SampleEncoding encoding, Expander expander, Compressor compressor) {
        this.encoding = encoding;
        this.expander = expander;
        this.compressor = compressor;
    }

    @Override
    public SampleEncoding encoding() {
        return encoding;
    }

    @Override
    public int bytesPerSample() {
        return 1;
    }

    @Override
    public int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int count = Linear16.decodedCount(this, src, srcOff, byteLen, dst, dstOff);
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = expander.toLinear(src[srcOff + i]) / 32768f;
        }
        return count;
    }

    @Override
    public byte[] encode(float[] samples, int off, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = compressor.toCode(Linear16.fromFloat(samples[off + i]));
        }
        return out;
    }
}

package de.stimmung.audio;

/**
 * The decoded {@code fmt } chunk of a WAV file: how one sample is stored. Extensible formats are
 * resolved to their subformat. Immutable, thread-safe.
 *
 * @param kind           how a sample's bytes map to a value
 * @param channels       interleaved channels per frame, &ge; 1
 * @param sampleRateHz   frames per second, &gt; 0
 * @param bytesPerSample container width of one channel's sample: 1..4 for integer PCM, 4 or 8 for float, 1 for G.711
 * @param blockAlign     bytes per frame, &ge; {@code channels * bytesPerSample}
 */
record WavFormat(Kind kind, int channels, int sampleRateHz, int bytesPerSample, int blockAlign) {

    /** Sample storage kinds this reader decodes. */
    enum Kind { PCM_INTEGER, IEEE_FLOAT, MU_LAW, A_LAW }

    static final int TAG_PCM = 0x0001;
    static final int TAG_IEEE_FLOAT = 0x0003;
    static final int TAG_A_LAW = 0x0006;
    static final int TAG_MU_LAW = 0x0007;
    static final int TAG_EXTENSIBLE = 0xFFFE;

    private static final String SUPPORTED = "supported: PCM (8/16/24/32 bit), IEEE float (32/64 bit), "
            + "mu-law, A-law, extensible with one of these";
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID derived from a format tag. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /**
     * Parses a {@code fmt } chunk body of {@code size} bytes at {@code bytes[off..]}.
     *
     * @throws AudioFormatException naming {@code source} if the chunk is short or the format unsupported
     */
    static WavFormat parse(byte[] bytes, int off, int size, String source) throws AudioFormatException {
        if (size < 16) {
            throw new AudioFormatException(source + ": fmt chunk has " + size
                    + " bytes but needs at least 16; the file header is damaged");
        }
        int tag = u16(bytes, off);
        int channels = u16(bytes, off + 2);
        long rate = u32(bytes, off + 4);
        int blockAlign = u16(bytes, off + 12);
        int bits = u16(bytes, off + 14);
        if (tag == TAG_EXTENSIBLE) {
            tag = subformatTag(bytes, off, size, source);
        }
        Kind kind = switch (tag) {
            case TAG_PCM -> Kind.PCM_INTEGER;
            case TAG_IEEE_FLOAT -> Kind.IEEE_FLOAT;
            case TAG_MU_LAW -> Kind.MU_LAW;
            case TAG_A_LAW -> Kind.A_LAW;
            default -> throw new AudioFormatException(String.format("%s: format tag 0x%04X (%s) is not supported; %s",
                    source, tag, tagName(tag), SUPPORTED));
        };
        if (channels < 1) {
            throw new AudioFormatException(source + ": fmt chunk declares " + channels + " channels; need at least 1");
        }
        if (rate < 1 || rate > Integer.MAX_VALUE) {
            throw new AudioFormatException(source + ": fmt chunk declares a sample rate of " + rate + " Hz; need 1.."
                    + Integer.MAX_VALUE);
        }
        // The container width comes from blockAlign when it is consistent (e.g. 20 valid bits in 3 bytes);
        // otherwise from the bit depth rounded up to whole bytes.
        int width = blockAlign > 0 && blockAlign % channels == 0 ? blockAlign / channels : (bits + 7) / 8;
        if (!widthFits(kind, width)) {
            throw new AudioFormatException(String.format("%s: %s with %d bits (%d bytes) per sample is not supported; %s",
                    source, tagName(tag), bits, width, SUPPORTED));
        }
        return new WavFormat(kind, channels, (int) rate, width, Math.max(blockAlign, channels * width));
    }

    /**
     * The value of one sample whose bytes start at {@code bytes[off]}, full scale 1.0. Unsigned
     * 8-bit PCM is centred on 128; G.711 decodes via linear 16-bit.
     */
    float sample(byte[] bytes, int off) {
        return switch (kind) {
            case PCM_INTEGER -> switch (bytesPerSample) {
                case 1 -> ((bytes[off] & 0xFF) - 128) / 128f;
                case 2 -> (short) u16(bytes, off) / 32768f;
                case 3 -> ((bytes[off] & 0xFF) << 8 | (bytes[off + 1] & 0xFF) << 16 | bytes[off + 2] << 24)
                        / 2147483648f;
                default -> s32(bytes, off) / 2147483648f;
            };
            case IEEE_FLOAT -> bytesPerSample == 4
                    ? Float.intBitsToFloat(s32(bytes, off))
                    : (float) Double.longBitsToDouble((s32(bytes, off) & 0xFFFFFFFFL) | (long) s32(bytes, off + 4) << 32);
            case MU_LAW -> G711.muLawToLinear(bytes[off]) / 32768f;
            case A_LAW -> G711.aLawToLinear(bytes[off]) / 32768f;
        };
    }

    private static boolean widthFits(Kind kind, int width) {
        return switch (kind) {
            case PCM_INTEGER -> width >= 1 && width <= 4;
            case IEEE_FLOAT -> width == 4 || width == 8;
            case MU_LAW, A_LAW -> width == 1;
        };
    }

    private static int subformatTag(byte[] bytes, int off, int size, String source) throws AudioFormatException {
        if (size < 40) {
            throw new AudioFormatException(source + ": extensible fmt chunk has " + size
                    + " bytes but needs 40 (with the subformat GUID); the file header is damaged");
        }
        int guid = off + 24;
        for (int i = 0; i < GUID_TAIL.length; i++) {
            if (bytes[guid + 2 + i] != GUID_TAIL[i]) {
                throw new AudioFormatException(source + ": extensible subformat GUID is not a standard "
                        + "format-tag GUID (e.g. a vendor codec); " + SUPPORTED);
            }
        }
        return u16(bytes, guid);
    }

    /** A human name for a WAVE format tag, for error messages. */
    static String tagName(int tag) {
        return switch (tag) {
            case TAG_PCM -> "PCM";
            case 0x0002 -> "MS ADPCM";
            case TAG_IEEE_FLOAT -> "IEEE float";
            case TAG_A_LAW -> "A-law";
            case TAG_MU_LAW -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0040 -> "G.721 ADPCM";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MP3";
            case 0x00FF -> "AAC";
            case 0x0161 -> "WMA";
            case 0xF1AC -> "FLAC";
            case TAG_EXTENSIBLE -> "extensible";
            default -> "unknown";
        };
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return s32(b, off) & 0xFFFFFFFFL;
    }

    static int s32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | b[off + 3] << 24;
    }
}

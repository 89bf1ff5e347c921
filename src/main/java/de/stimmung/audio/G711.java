package de.stimmung.audio;

/**
 * ITU-T G.711 companding tables (mu-law and A-law), built once from the segment algorithm of
 * the reference implementation (Sun Microsystems' public-domain {@code g711.c}).
 *
 * <p>Decoding yields linear 16-bit values (mu-law: 14-bit scaled by 4, range -32124..32124;
 * A-law: 13-bit scaled by 8, range -32256..32256). Encoding takes a linear 16-bit value.
 * All tables are immutable after class initialisation, so every method is thread-safe.
 */
final class G711 {

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 8159;
    private static final short[] MU_SEGMENT_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final short[] A_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private static final short[] MU_TO_LINEAR = new short[256];
    private static final short[] A_TO_LINEAR = new short[256];
    /** Indexed by {@code (linear16 >> 2) + 8192}: the 14-bit input of the mu-law encoder. */
    private static final byte[] LINEAR14_TO_MU = new byte[1 << 14];
    /** Indexed by {@code (linear16 >> 3) + 4096}: the 13-bit input of the A-law encoder. */
    private static final byte[] LINEAR13_TO_A = new byte[1 << 13];

    static {
        for (int code = 0; code < 256; code++) {
            MU_TO_LINEAR[code] = (short) muLawDecode(code);
            A_TO_LINEAR[code] = (short) aLawDecode(code);
        }
        for (int v = -8192; v < 8192; v++) {
            LINEAR14_TO_MU[v + 8192] = (byte) muLawEncode(v << 2);
        }
        for (int v = -4096; v < 4096; v++) {
            LINEAR13_TO_A[v + 4096] = (byte) aLawEncode(v << 3);
        }
    }

    private G711() {
    }

    /** Linear 16-bit value of a mu-law code byte (only the low 8 bits of {@code code} count). */
    static short muLawToLinear(int code) {
        return MU_TO_LINEAR[code & 0xFF];
    }

    /** Linear 16-bit value of an A-law code byte (only the low 8 bits of {@code code} count). */
    static short aLawToLinear(int code) {
        return A_TO_LINEAR[code & 0xFF];
    }

    /** Mu-law code for a linear 16-bit value in [-32768, 32767]. */
    static byte linearToMuLaw(int linear16) {
        return LINEAR14_TO_MU[(linear16 >> 2) + 8192];
    }

    /** A-law code for a linear 16-bit value in [-32768, 32767]. */
    static byte linearToALaw(int linear16) {
        return LINEAR13_TO_A[(linear16 >> 3) + 4096];
    }

    private static int muLawDecode(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + MU_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS;
    }

    private static int aLawDecode(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= segment - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    private static int muLawEncode(int linear16) {
        int pcm = linear16 >> 2;
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (pcm > MU_CLIP) {
            pcm = MU_CLIP;
        }
        pcm += MU_BIAS >> 2;
        int segment = segmentOf(pcm, MU_SEGMENT_END);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = (segment << 4) | ((pcm >> (segment + 1)) & 0x0F);
        return code ^ mask;
    }

    private static int aLawEncode(int linear16) {
        int pcm = linear16 >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = segmentOf(pcm, A_SEGMENT_END);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = segment << 4;
        code |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return code ^ mask;
    }

    private static int segmentOf(int value, short[] segmentEnds) {
        for (int i = 0; i < segmentEnds.length; i++) {
            if (value <= segmentEnds[i]) {
                return i;
            }
        }
        return segmentEnds.length;
    }
}

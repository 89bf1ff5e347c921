package de.stimmung.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SampleCodecTest {

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void everyEncodingHasACodecThatNamesIt(SampleEncoding encoding) {
        SampleCodec codec = SampleCodec.forEncoding(encoding);

        assertSame(encoding, codec.encoding());
        int expectedWidth = switch (encoding) {
            case PCM_S16LE -> 2;
            case MULAW, ALAW -> 1;
            case FLOAT32LE -> 4;
        };
        assertEquals(expectedWidth, codec.bytesPerSample());
    }

    @Test
    void pcm16DecodesLittleEndianSignedValuesOver32768() {
        byte[] src = {0x00, 0x00, 0x01, 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x00, (byte) 0x80};
        float[] dst = new float[7];

        int n = SampleCodec.forEncoding(SampleEncoding.PCM_S16LE).decode(src, 0, src.length, dst, 2);

        assertEquals(5, n);
        assertArrayEquals(new float[] {0, 0, 0, 1 / 32768f, -1 / 32768f, 32767 / 32768f, -1f}, dst);
    }

    @Test
    void g711CodecsDecodeTheReferenceCodes() {
        float[] dst = new float[2];
        SampleCodec.forEncoding(SampleEncoding.MULAW).decode(new byte[] {(byte) 0xFF, 0x00}, 0, 2, dst, 0);
        assertArrayEquals(new float[] {0f, -32124 / 32768f}, dst);

        SampleCodec.forEncoding(SampleEncoding.ALAW).decode(new byte[] {(byte) 0xD5, 0x55}, 0, 2, dst, 0);
        assertArrayEquals(new float[] {8 / 32768f, -8 / 32768f}, dst);
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void sineRoundTripsWithinTheEncodingsResolution(SampleEncoding encoding) {
        SampleCodec codec = SampleCodec.forEncoding(encoding);
        // 1004 Hz, as in G.711 measurements: not a divisor of 8000 Hz, so the sine visits many levels.
        float[] sine = Tones.sine(1004, 8000, 8000, 0.5);
        float[] back = new float[sine.length];

        byte[] bytes = codec.encode(sine, 0, sine.length);
        int n = codec.decode(bytes, 0, bytes.length, back, 0);

        assertEquals(sine.length * codec.bytesPerSample(), bytes.length);
        assertEquals(sine.length, n);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < n; i++) {
            signal += sine[i] * sine[i];
            noise += (back[i] - sine[i]) * (back[i] - sine[i]);
        }
        double snrDb = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        double minSnrDb = switch (encoding) {
            case PCM_S16LE -> 90;
            case MULAW, ALAW -> 35;  // G.711 gives about 38 dB for a loud sine
            case FLOAT32LE -> Double.POSITIVE_INFINITY;
        };
        assertTrue(snrDb >= minSnrDb, encoding + " round trip SNR " + snrDb + " dB, expected >= " + minSnrDb + " dB");
    }

    @ParameterizedTest
    @EnumSource(value = SampleEncoding.class, names = {"PCM_S16LE", "MULAW", "ALAW"})
    void integerEncodingsClipToFullScale(SampleEncoding encoding) {
        SampleCodec codec = SampleCodec.forEncoding(encoding);
        float[] back = new float[4];

        byte[] bytes = codec.encode(new float[] {5f, -5f, 1f, -1f}, 0, 4);
        codec.decode(bytes, 0, bytes.length, back, 0);

        assertEquals(back[2], back[0], encoding + ": 5.0 clips like 1.0");
        assertEquals(back[3], back[1], encoding + ": -5.0 clips like -1.0");
        assertTrue(back[2] > 0.98f && back[3] < -0.98f, encoding + " full scale decodes to " + back[2] + ", " + back[3]);
    }

    @Test
    void float32KeepsNanAndOutOfRangeValuesSoCallersCanRejectThem() {
        SampleCodec codec = SampleCodec.forEncoding(SampleEncoding.FLOAT32LE);
        float[] in = {0.25f, 3f, Float.NaN, Float.NEGATIVE_INFINITY};
        float[] back = new float[4];

        byte[] bytes = codec.encode(in, 0, 4);
        codec.decode(bytes, 0, bytes.length, back, 0);

        assertArrayEquals(in, back);
        assertEquals(2, SampleCodec.indexOfNonFinite(back, 0, 4));
        assertEquals(-1, SampleCodec.indexOfNonFinite(back, 0, 2));
    }

    @Test
    void encodeUsesOnlyTheRequestedRange() {
        float[] in = {9f, 0.5f, -0.5f, 9f};

        byte[] bytes = SampleCodec.forEncoding(SampleEncoding.PCM_S16LE).encode(in, 1, 2);

        assertArrayEquals(new byte[] {0x00, 0x40, 0x00, (byte) 0xC0}, bytes);
    }

    @Test
    void decodingAPartialSampleNamesTheByteCountAndTheWidth() {
        SampleCodec codec = SampleCodec.forEncoding(SampleEncoding.FLOAT32LE);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(new byte[10], 0, 10, new float[10], 0));

        assertEquals("FLOAT32LE needs 4 bytes per sample, but got 10 bytes (2 left over); send whole samples only",
                e.getMessage());
    }

    @Test
    void decodingIntoTooSmallAnArrayFailsBeforeWriting() {
        float[] dst = new float[2];

        assertThrows(IndexOutOfBoundsException.class,
                () -> SampleCodec.forEncoding(SampleEncoding.PCM_S16LE).decode(new byte[6], 0, 6, dst, 0));
    }
}

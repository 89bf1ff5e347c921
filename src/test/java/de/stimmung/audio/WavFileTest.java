package de.stimmung.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavFileTest {

    private static final int RATE = 8000;
    private static final float[] SINE = Tones.sine(440, RATE, 400, 0.9);

    /** Each format with how to store a sample, how it reads back, and the worst error of that round trip. */
    enum Format {
        PCM_U8(WavFormat.TAG_PCM, 8, x -> new byte[] {(byte) (clamp(Math.round(x * 128.0), -128, 127) + 128)},
                1 / 128.0 * 0.51),
        PCM_S16(WavFormat.TAG_PCM, 16, x -> le(clamp(Math.round(x * 32768.0), -32768, 32767), 2), 0.51 / 32768),
        PCM_S24(WavFormat.TAG_PCM, 24, x -> le(clamp(Math.round(x * 8388608.0), -8388608, 8388607), 3),
                0.51 / 8388608),
        PCM_S32(WavFormat.TAG_PCM, 32, x -> le(clamp(Math.round(x * 2147483648.0), Integer.MIN_VALUE,
                Integer.MAX_VALUE), 4), 1e-7),
        FLOAT32(WavFormat.TAG_IEEE_FLOAT, 32, x -> le(Float.floatToRawIntBits(x), 4), 0),
        FLOAT64(WavFormat.TAG_IEEE_FLOAT, 64, x -> le(Double.doubleToRawLongBits(x), 8), 0),
        MU_LAW(WavFormat.TAG_MU_LAW, 8, x -> G711Codec.MU_LAW.encode(new float[] {x}, 0, 1), 0.03),
        A_LAW(WavFormat.TAG_A_LAW, 8, x -> G711Codec.A_LAW.encode(new float[] {x}, 0, 1), 0.03);

        final int tag;
        final int bits;
        final Function<Float, byte[]> store;
        final double tolerance;

        Format(int tag, int bits, Function<Float, byte[]> store, double tolerance) {
            this.tag = tag;
            this.bits = bits;
            this.store = store;
            this.tolerance = tolerance;
        }

        byte[] data(float[]... channels) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < channels[0].length; i++) {
                for (float[] channel : channels) {
                    out.writeBytes(store.apply(channel[i]));
                }
            }
            return out.toByteArray();
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyFormatReadsBackWithinItsQuantisationStep(Format format) throws IOException {
        byte[] wav = new WavBytes().fmt(format.tag, 1, RATE, format.bits).chunk("data", format.data(SINE)).build();

        PcmAudio audio = WavFile.read(wav, "sine.wav");

        assertEquals(RATE, audio.sampleRateHz());
        assertSamplesClose(SINE, audio.samples(), format.tolerance, format.name());
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"PCM_S16", "PCM_S24", "PCM_S32", "FLOAT32", "MU_LAW"})
    void extensibleFormatReadsLikeItsSubformat(Format format) throws IOException {
        byte[] wav = new WavBytes().fmtExtensible(format.tag, 1, RATE, format.bits, format.bits)
                .chunk("data", format.data(SINE)).build();

        assertSamplesClose(SINE, WavFile.read(wav, "ext.wav").samples(), format.tolerance, "extensible " + format);
    }

    @Test
    void twentyBitSamplesInTwentyFourBitContainersAreRead() throws IOException {
        byte[] wav = new WavBytes().fmtExtensible(WavFormat.TAG_PCM, 1, RATE, 24, 20)
                .chunk("data", Format.PCM_S24.data(SINE)).build();

        assertSamplesClose(SINE, WavFile.read(wav, "20bit.wav").samples(), Format.PCM_S24.tolerance, "20 in 24");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"PCM_U8", "PCM_S16", "PCM_S24", "FLOAT32", "FLOAT64", "A_LAW"})
    void stereoIsDownmixedByAveragingTheChannels(Format format) throws IOException {
        float[] left = Tones.sine(300, RATE, 200, 0.5);
        float[] right = Tones.sine(700, RATE, 200, 0.25);
        byte[] wav = new WavBytes().fmt(format.tag, 2, RATE, format.bits)
                .chunk("data", format.data(left, right)).build();

        float[] expected = new float[left.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (left[i] + right[i]) / 2;
        }
        assertSamplesClose(expected, WavFile.read(wav, "stereo.wav").samples(), format.tolerance, "stereo " + format);
    }

    @Test
    void sixChannelExtensibleFloatIsDownmixedToMono() throws IOException {
        float[][] channels = new float[6][];
        float[] expected = new float[100];
        for (int c = 0; c < 6; c++) {
            channels[c] = Tones.sine(100 + 50 * c, RATE, 100, 0.1 * (c + 1));
            for (int i = 0; i < 100; i++) {
                expected[i] += channels[c][i] / 6;
            }
        }
        byte[] wav = new WavBytes().fmtExtensible(WavFormat.TAG_IEEE_FLOAT, 6, RATE, 32, 32)
                .chunk("data", Format.FLOAT32.data(channels)).build();

        assertSamplesClose(expected, WavFile.read(wav, "5.1.wav").samples(), 1e-6, "6 channels");
    }

    @Test
    void unknownAndOddSizedChunksAreSkipped() throws IOException {
        byte[] wav = new WavBytes()
                .chunk("LIST", new byte[] {'I', 'N', 'F'})          // odd: followed by a pad byte
                .fmt(WavFormat.TAG_PCM, 1, RATE, 16)
                .chunk("fact", new byte[] {1, 2, 3, 4, 5})
                .chunk("data", Format.PCM_S16.data(SINE))
                .chunk("id3 ", new byte[7])
                .build();

        PcmAudio audio = WavFile.read(wav, "chunks.wav");

        assertSamplesClose(SINE, audio.samples(), Format.PCM_S16.tolerance, "after LIST and fact");
    }

    @Test
    void dataChunkClaimingMoreThanTheFileIsTruncatedToWholeFrames() throws IOException {
        byte[] data = Arrays.copyOf(Format.PCM_S16.data(SINE), 2 * 50 + 1);
        byte[] wav = new WavBytes().fmt(WavFormat.TAG_PCM, 1, RATE, 16).chunk("data", data, 0xFFFFFFFFL)
                .riffSize(-1).build();

        PcmAudio audio = WavFile.read(wav, "streamed.wav");

        assertEquals(50, audio.length(), "whole 16-bit frames in 101 bytes");
        assertSamplesClose(Arrays.copyOf(SINE, 50), audio.samples(), Format.PCM_S16.tolerance, "streamed");
    }

    @Test
    void truncatedDataChunkIsReportedWithTheBytesThatAreMissing() throws IOException {
        byte[] whole = WavFile.toBytes(new PcmAudio(SINE, RATE));
        byte[] cut = Arrays.copyOf(whole, whole.length - 2 * 30 - 1);

        WavFile.Contents contents = WavFile.decode(cut, "cut.wav");

        assertTrue(contents.isTruncated());
        assertEquals(2L * SINE.length, contents.claimedDataBytes());
        assertEquals(61, contents.missingDataBytes());
        assertEquals(SINE.length - 31, contents.audio().length(), "whole frames only");
        assertTrue(contents.truncationNotice("cut.wav").startsWith("cut.wav: the file is truncated: its data chunk claims "
                + 2 * SINE.length + " bytes, 61 bytes"), contents.truncationNotice("cut.wav"));
        assertFalse(WavFile.decode(whole, "whole.wav").isTruncated());
    }

    @Test
    void writtenWavReadsBackAsTheRounded16BitValues() throws IOException {
        float[] samples = Tones.sine(1000, 16000, 1600, 0.7);

        PcmAudio back = WavFile.read(WavFile.toBytes(new PcmAudio(samples, 16000)), "written.wav");

        assertEquals(16000, back.sampleRateHz());
        for (int i = 0; i < samples.length; i++) {
            assertEquals(Math.round(samples[i] * 32768.0) / 32768f, back.samples()[i], 0, "sample " + i);
        }
    }

    @Test
    void writerClipsOutOfRangeSamplesAndWritesNanAsSilence() throws IOException {
        float[] samples = {1.5f, 1f, -1f, -3f, Float.NaN, Float.POSITIVE_INFINITY};

        float[] back = WavFile.read(WavFile.toBytes(new PcmAudio(samples, 8000)), "clip.wav").samples();

        assertEquals(32767 / 32768f, back[0]);
        assertEquals(32767 / 32768f, back[1]);
        assertEquals(-1f, back[2]);
        assertEquals(-1f, back[3]);
        assertEquals(0f, back[4]);
        assertEquals(32767 / 32768f, back[5]);
    }

    @Test
    void fileAndStreamReadingGiveTheSameAudio(@TempDir Path dir) throws IOException {
        PcmAudio audio = new PcmAudio(Tones.sine(440, 22050, 2205, 0.5), 22050);
        Path file = dir.resolve("tone.wav");
        WavFile.write(audio, file);

        PcmAudio fromFile = WavFile.read(file);
        PcmAudio fromStream;
        try (InputStream in = new ByteArrayInputStream(WavFile.toBytes(audio))) {
            fromStream = WavFile.read(in, "stream");
        }

        assertEquals(22050, fromFile.sampleRateHz());
        assertSamplesClose(fromFile.samples(), fromStream.samples(), 0, "file vs stream");
        assertSamplesClose(audio.samples(), fromFile.samples(), 0.51 / 32768, "file");
    }

    @Test
    void truncatedHeaderNamesTheFileAndSaysItIsTruncated() {
        byte[] wav = Arrays.copyOf(WavFile.toBytes(new PcmAudio(SINE, RATE)), 20);

        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavFile.read(wav, "cut.wav"));

        assertTrue(e.getMessage().startsWith("cut.wav: fmt chunk claims 16 bytes but only 0 follow"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void fileShorterThanTheRiffHeaderIsRejectedWithItsLength() {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> WavFile.read(new byte[] {'R', 'I', 'F', 'F', 0}, "tiny.wav"));

        assertTrue(e.getMessage().startsWith("tiny.wav: only 5 bytes"), e.getMessage());
    }

    @Test
    void mp3InWavIsRejectedNamingTheTagAndTheSupportedFormats() {
        byte[] wav = new WavBytes().fmt(0x0055, 1, 44100, 0).chunk("data", new byte[10]).build();

        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavFile.read(wav, "foo.wav"));

        assertEquals("foo.wav: format tag 0x0055 (MP3) is not supported; supported: PCM (8/16/24/32 bit), "
                + "IEEE float (32/64 bit), mu-law, A-law, extensible with one of these", e.getMessage());
    }

    @Test
    void unsupportedBitDepthIsRejectedNamingIt() {
        byte[] wav = new WavBytes().fmt(WavFormat.TAG_IEEE_FLOAT, 1, 8000, 16).chunk("data", new byte[10]).build();

        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavFile.read(wav, "half.wav"));

        assertTrue(e.getMessage().startsWith("half.wav: IEEE float with 16 bits (2 bytes) per sample is not supported"),
                e.getMessage());
    }

    @Test
    void nonWavBytesAreRejectedSayingWhatTheyStartWith() {
        byte[] mp3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavFile.read(mp3, "song.mp3"));

        assertTrue(e.getMessage().startsWith("song.mp3: not a RIFF/WAVE file (starts with \"ID3?\""), e.getMessage());
    }

    @Test
    void wavWithoutDataChunkIsRejected() {
        byte[] wav = new WavBytes().fmt(WavFormat.TAG_PCM, 1, 8000, 16).build();

        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavFile.read(wav, "empty.wav"));

        assertTrue(e.getMessage().startsWith("empty.wav: no data chunk"), e.getMessage());
    }

    private static void assertSamplesClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": sample count");
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (error > tolerance) {
                throw new AssertionError(what + ": sample " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " within " + tolerance + " (off by " + error + ")");
            }
        }
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static byte[] le(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >> (8 * i));
        }
        return b;
    }
}

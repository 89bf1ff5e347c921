package de.stimmung.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResamplerTest {

    private static final double MIN_ALIAS_ATTENUATION_DB = 60;

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"8000, 16000", "22050, 16000", "44100, 16000", "16000, 8000", "48000, 16000", "16000, 44100",
            "48000, 8000", "11025, 16000"})
    void oneKilohertzSineKeepsAmplitudeFrequencyAndTiming(int inRate, int outRate) {
        double amplitude = 0.5;
        float[] out = Resampler.resample(Tones.sine(1000, inRate, inRate, amplitude), inRate, outRate);
        int from = outRate / 10;
        int to = out.length - outRate / 10;

        double gainDb = Tones.db(Tones.amplitudeAt(out, from, to, 1000, outRate) / amplitude);
        double frequencyHz = Tones.zeroCrossingFrequency(out, from, to, outRate);
        float[] ideal = Tones.sine(1000, outRate, out.length, amplitude);
        double residualDb = Tones.db(rmsDifference(out, ideal, from, to) / (amplitude / Math.sqrt(2)));

        System.out.printf("1 kHz sine %5d -> %5d Hz: gain %+.5f dB, %.4f Hz, residual %.1f dB%n", inRate, outRate,
                gainDb, frequencyHz, residualDb);
        assertTrue(Math.abs(gainDb) <= 0.1, "gain at 1 kHz is " + gainDb + " dB, expected within 0.1 dB");
        assertEquals(1000, frequencyHz, 0.1, "frequency by zero crossings, Hz");
        // Zero group delay: the output matches the ideal sine sampled at k / outRate, not a shifted copy.
        assertTrue(residualDb <= -60, "difference from the ideal sine is " + residualDb + " dB, expected <= -60 dB");
    }

    static Stream<Arguments> tonesThatWouldAlias() {
        return Stream.of(
                Arguments.of(22050, 16000, 10000), Arguments.of(22050, 16000, 8200),
                Arguments.of(44100, 16000, 8200), Arguments.of(44100, 16000, 12000),
                Arguments.of(44100, 16000, 20000), Arguments.of(48000, 16000, 9000),
                Arguments.of(16000, 8000, 4200), Arguments.of(16000, 8000, 7000),
                Arguments.of(48000, 8000, 5000), Arguments.of(48000, 8000, 17000));
    }

    @ParameterizedTest(name = "{2} Hz tone, {0} Hz -> {1} Hz")
    @MethodSource("tonesThatWouldAlias")
    void toneAboveTheTargetNyquistIsAttenuatedBySixtyDecibels(int inRate, int outRate, int toneHz) {
        float[] out = Resampler.resample(Tones.sine(toneHz, inRate, inRate, 1.0), inRate, outRate);
        int from = outRate / 10;
        int to = out.length - outRate / 10;

        double attenuationDb = -Tones.db(Tones.rms(out, from, to) / Math.sqrt(0.5));

        System.out.printf("alias attenuation %5d Hz tone, %5d -> %5d Hz: %.1f dB%n", toneHz, inRate, outRate,
                attenuationDb);
        assertTrue(attenuationDb >= MIN_ALIAS_ATTENUATION_DB, toneHz + " Hz tone through " + inRate + " -> " + outRate
                + " Hz is attenuated by " + attenuationDb + " dB, expected >= " + MIN_ALIAS_ATTENUATION_DB + " dB");
    }

    @ParameterizedTest(name = "{2} Hz tone, {0} Hz -> {1} Hz, image at {3} Hz")
    @CsvSource({"8000, 16000, 3000, 5000", "8000, 16000, 3500, 4500", "16000, 48000, 1000, 15000",
            "22050, 44100, 10000, 12050"})
    void upsamplingImagesAreAttenuatedBySixtyDecibels(int inRate, int outRate, int toneHz, int imageHz) {
        float[] out = Resampler.resample(Tones.sine(toneHz, inRate, inRate, 1.0), inRate, outRate);
        int from = outRate / 10;
        int to = out.length - outRate / 10;

        double imageDb = Tones.db(Tones.amplitudeAt(out, from, to, imageHz, outRate)
                / Tones.amplitudeAt(out, from, to, toneHz, outRate));

        System.out.printf("image rejection %5d Hz tone, %5d -> %5d Hz: %.1f dB%n", toneHz, inRate, outRate, -imageDb);
        assertTrue(imageDb <= -MIN_ALIAS_ATTENUATION_DB, "image at " + imageHz + " Hz is " + imageDb
                + " dB relative to the tone, expected <= -" + MIN_ALIAS_ATTENUATION_DB + " dB");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"8000, 16000", "22050, 16000", "44100, 16000", "16000, 8000", "48000, 44100", "16000, 16000",
            "8000, 48000", "44100, 8000"})
    void outputLengthIsTheCeilingOfInputLengthTimesTheRateRatio(int inRate, int outRate) {
        for (int n : new int[] {0, 1, 2, 3, 7, 159, 160, 441, 1000, 22050, 22051}) {
            long expected = ((long) n * outRate + inRate - 1) / inRate;

            assertEquals(expected, Resampler.resample(new float[n], inRate, outRate).length, n + " input samples");
            assertEquals(expected, new Resampler(inRate, outRate).outputLength(n), n + " input samples (formula)");
        }
    }

    static Stream<Arguments> ratesAndChunkSizes() {
        int[][] rates = {{8000, 16000}, {22050, 16000}, {44100, 16000}, {16000, 8000}, {48000, 16000}, {16000, 16000}};
        int[] chunks = {1, 7, 160, 441, 48000, Integer.MAX_VALUE};
        return Arrays.stream(rates).flatMap(r -> Arrays.stream(chunks).mapToObj(c -> Arguments.of(r[0], r[1], c)));
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz in chunks of {2}")
    @MethodSource("ratesAndChunkSizes")
    void outputIsBitIdenticalHoweverTheInputIsChunked(int inRate, int outRate, int chunk) {
        float[] in = Tones.sineWithNoise(inRate, 3 * inRate + 17, 42);
        float[] whole = Resampler.resample(in, inRate, outRate);

        Resampler resampler = new Resampler(inRate, outRate);
        float[] chunked = new float[whole.length];
        int written = 0;
        for (int off = 0; off < in.length; off += chunk) {
            int len = Math.min(chunk, in.length - off);
            written += resampler.process(in, off, len, chunked, written);
        }
        written += resampler.flush(chunked, written);

        assertEquals(whole.length, written, "output length");
        assertArrayEquals(whole, chunked, "chunks of " + chunk + " differ from one piece");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"22050, 16000", "8000, 16000", "48000, 8000", "16000, 16000"})
    void sinkOutputWithRandomChunksEqualsOneShotOutputAndTheInstanceIsReusableAfterFlush(int inRate, int outRate) {
        float[] in = Tones.sineWithNoise(inRate, 2 * inRate + 3, 7);
        float[] expected = Resampler.resample(in, inRate, outRate);
        Resampler resampler = new Resampler(inRate, outRate);
        Random random = new Random(1);

        for (int round = 0; round < 2; round++) {
            float[] collected = new float[expected.length];
            int[] written = {0};
            FloatSink sink = (buf, off, len) -> {
                System.arraycopy(buf, off, collected, written[0], len);
                written[0] += len;
            };
            for (int off = 0; off < in.length; ) {
                int len = Math.min(1 + random.nextInt(5000), in.length - off);
                resampler.process(in, off, len, sink);
                off += len;
            }
            resampler.flush(sink);

            assertEquals(expected.length, written[0], "round " + round + ": output length");
            assertArrayEquals(expected, collected, "round " + round + ": sink output differs from one-shot output");
        }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"8000, 16000", "8000, 48000", "4000, 16000", "11025, 22050", "16000, 48000"})
    void integerUpsamplingInBlocksIsBitIdenticalToTheGeneralPathInAnyChunking(int inRate, int outRate) {
        float[] in = Tones.sineWithNoise(inRate, 2 * inRate + 5, 11);
        in[100] = 1f; // an impulse and a full-scale edge
        in[101] = -1f;
        Resampler general = new Resampler(inRate, outRate, false);
        float[] expected = new float[(int) general.outputLength(in.length)];
        int n = general.process(in, 0, in.length, expected, 0);
        assertEquals(expected.length, n + general.flush(expected, n), "general path length");

        Random random = new Random(3);
        Resampler blocks = new Resampler(inRate, outRate);
        for (int round = 0; round < 2; round++) {
            float[] got = new float[expected.length];
            int written = 0;
            for (int off = 0; off < in.length; ) {
                int len = Math.min(round == 0 ? 1 + random.nextInt(3000) : 1 + random.nextInt(3), in.length - off);
                written += blocks.process(in, off, len, got, written);
                off += len;
            }
            written += blocks.flush(got, written);

            assertEquals(expected.length, written, "round " + round + ": output length");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                        "round " + round + ": sample " + i + " differs from the general path");
            }
        }
    }

    @Test
    void equalRatesPassSamplesThroughUnchanged() {
        float[] in = Tones.sineWithNoise(16000, 16000, 3);
        in[5] = Float.NaN;

        float[] out = Resampler.resample(in, 16000, 16000);

        assertNotSame(in, out);
        assertArrayEquals(in, out);
        assertEquals(0, new Resampler(16000, 16000).tapsPerPhase());
    }

    @Test
    void dcPassesWithUnityGain() {
        float[] in = new float[4410];
        Arrays.fill(in, 0.25f);

        float[] out = Resampler.resample(in, 44100, 16000);

        for (int i = 400; i < out.length - 400; i++) {
            assertEquals(0.25f, out[i], 1e-6f, "sample " + i);
        }
    }

    @Test
    void processAndFlushAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(),
                "this JVM cannot measure per-thread allocation");
        Resampler resampler = new Resampler(44100, 16000);
        float[] in = Tones.sineWithNoise(44100, 441, 5);
        float[] out = new float[resampler.maxOutputLength(in.length) + resampler.maxFlushLength()];
        FloatSink sink = (buf, off, len) -> { };
        for (int i = 0; i < 2000; i++) {
            resampler.process(in, 0, in.length, out, 0);
            resampler.process(in, 0, in.length, sink);
        }
        resampler.flush(out, 0);

        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 1000; i++) {
            resampler.process(in, 0, in.length, out, 0);
            resampler.process(in, 0, in.length, sink);
        }
        resampler.flush(out, 0);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(allocated < 1024, "2000 process calls allocated " + allocated + " bytes, expected none");
    }

    @Test
    void nonPositiveRateIsRejectedNamingBothRates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));

        assertEquals("sample rates must be positive, got 0 Hz -> 16000 Hz", e.getMessage());
    }

    private static double rmsDifference(float[] a, float[] b, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / (to - from));
    }
}

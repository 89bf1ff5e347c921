package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VadSegmentationTest {

    static final int RATE = 16000;

    /** Utterances found: [start sample, samples fed] pairs. */
    static List<long[]> segment(float[] audio, int chunk, SegmentationSettings s) {
        List<long[]> out = new ArrayList<>();
        long[] current = new long[2];
        VadSegmentation v = new VadSegmentation(RATE, s, null);
        VadSegmentation.Listener l = new VadSegmentation.Listener() {
            public void start(long sample) {
                current[0] = sample;
                current[1] = 0;
            }

            public void audio(float[] buf, int off, int len) {
                current[1] += len;
            }

            public void end() {
                out.add(current.clone());
            }

            public void discard() {
            }
        };
        long pos = 0;
        for (int off = 0; off < audio.length; off += chunk) {
            int n = Math.min(chunk, audio.length - off);
            float[] part = java.util.Arrays.copyOfRange(audio, off, off + n);
            v.accept(part, n, pos, l);
            pos += n;
        }
        v.flush(l);
        return out;
    }

    /** Bursts of voiced sound with the given lengths, separated by pauses filled by {@code background}. */
    static float[] call(double[] burstsSec, double pauseSec, double noiseDbfs, double dc, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double total = pauseSec;
        for (double b : burstsSec) {
            total += b + pauseSec;
        }
        float[] x = new float[(int) (total * RATE)];
        double noise = noiseDbfs <= -120 ? 0 : Math.pow(10, noiseDbfs / 20) * Math.sqrt(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (noise * (2 * r.nextDouble() - 1) + dc);
        }
        int pos = (int) (pauseSec * RATE);
        for (double b : burstsSec) {
            float[] v = burst(130 + 20 * r.nextDouble(), b);
            for (int i = 0; i < v.length; i++) {
                x[pos + i] += v[i];
            }
            pos += v.length + (int) (pauseSec * RATE);
        }
        return x;
    }

    /** Voiced speech-like sound: a harmonic tone with 4 syllables a second that dip 30 dB between peaks, like words. */
    static float[] burst(double f0, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * f0 * (1 + 0.05 * Math.sin(2 * Math.PI * 1.5 * t)) / RATE;
            double s = Math.sin(2 * Math.PI * 2 * t);
            double envelope = 0.3 * (0.03 + 0.97 * s * s);
            x[i] = (float) (envelope * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)));
        }
        return x;
    }

    @ParameterizedTest(name = "background {0} dBFS")
    @ValueSource(doubles = {-200, -45})
    void tenBurstsWithOneSecondPausesAreTenUtterancesInOrder(double noiseDbfs) {
        double[] bursts = {0.6, 1.5, 0.8, 1.2, 0.7, 1.0, 0.9, 1.3, 0.6, 1.1};
        float[] audio = call(bursts, 1.0, noiseDbfs, 0, 3);
        List<long[]> u = segment(audio, 1600, SegmentationSettings.defaults());
        assertEquals(10, u.size());
        long expectedStart = RATE;
        for (int i = 0; i < 10; i++) {
            assertEquals(expectedStart, u.get(i)[0], 0.05 * RATE, "start of utterance " + i);
            assertEquals(bursts[i] * RATE, u.get(i)[1], 0.06 * RATE, "length of utterance " + i);
            expectedStart += (long) (bursts[i] * RATE) + RATE;
        }
    }

    @Test
    void aShortPauseInsideABurstDoesNotSplitIt() {
        float[] a = call(new double[] {0.8}, 0.5, -200, 0, 1);
        float[] b = call(new double[] {0.8}, 0.5, -200, 0, 2);
        float[] joined = new float[a.length + b.length - RATE * 8 / 10];
        System.arraycopy(a, 0, joined, 0, a.length - RATE * 4 / 10);
        System.arraycopy(b, RATE * 4 / 10, joined, a.length - RATE * 4 / 10, b.length - RATE * 4 / 10);
        // pause between the two bursts: 0.1 + 0.1 s = 200 ms < 300 ms
        assertEquals(1, segment(joined, 160, SegmentationSettings.defaults()).size());
    }

    @Test
    void speechShorterThanTheMinimumIsIgnored() {
        assertEquals(0, segment(call(new double[] {0.25}, 1.0, -45, 0, 5), 800, SegmentationSettings.defaults()).size());
    }

    @Test
    void aLongMonologueIsCutIntoPiecesOfAtMostTheMaximumWithNothingLost() {
        float[] audio = call(new double[] {25}, 0.5, -200, 0, 7);
        List<long[]> u = segment(audio, 1600, SegmentationSettings.defaults());
        assertEquals(3, u.size());
        long total = 0;
        for (long[] x : u) {
            assertTrue(x[1] <= 10 * RATE, "piece of " + x[1] + " samples");
            total += x[1];
        }
        assertEquals(25 * RATE, total, 0.05 * RATE);
        long gap = u.get(1)[0] - (u.get(0)[0] + u.get(0)[1]);
        assertTrue(gap >= 0 && gap < 0.3 * RATE, "the next piece starts with the next speech frame after the cut: gap " + gap);
    }

    @Test
    void aDcOffsetWithNoiseIsNotSpeech() {
        assertEquals(3, segment(call(new double[] {0.7, 0.9, 0.6}, 1.0, -45, 0.2, 9), 320,
                SegmentationSettings.defaults()).size());
    }

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 160, 1000, 48000})
    void chunkingDoesNotChangeTheSegments(int chunk) {
        float[] audio = call(new double[] {0.7, 1.2, 0.5}, 0.8, -45, 0, 11);
        List<long[]> whole = segment(audio, audio.length, SegmentationSettings.defaults());
        List<long[]> chunked = segment(audio, chunk, SegmentationSettings.defaults());
        assertEquals(whole.size(), chunked.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i)[0], chunked.get(i)[0]);
            assertEquals(whole.get(i)[1], chunked.get(i)[1]);
        }
    }

    @Test
    void stateSavedAtAnIdlePointRestoresTheSameDecisions() {
        float[] audio = call(new double[] {0.7, 1.2, 0.9}, 0.8, -45, 0, 13);
        List<long[]> reference = segment(audio, 1000, SegmentationSettings.defaults());
        // run to the first idle point after 2.2 s, save, then continue in a fresh instance
        List<long[]> out = new ArrayList<>();
        long[] cur = new long[2];
        VadSegmentation.Listener l = new VadSegmentation.Listener() {
            public void start(long s) {
                cur[0] = s;
                cur[1] = 0;
            }

            public void audio(float[] b, int o, int n) {
                cur[1] += n;
            }

            public void end() {
                out.add(cur.clone());
            }

            public void discard() {
            }
        };
        VadSegmentation v = new VadSegmentation(RATE, SegmentationSettings.defaults(), null);
        long pos = 0;
        int off = 0;
        while (!(pos > 2.2 * RATE && v.idle())) {
            float[] part = java.util.Arrays.copyOfRange(audio, off, off + 1000);
            v.accept(part, 1000, pos, l);
            pos += 1000;
            off += 1000;
        }
        VadSegmentation restored = new VadSegmentation(RATE, SegmentationSettings.defaults(), v.state());
        while (off < audio.length) {
            int n = Math.min(1000, audio.length - off);
            restored.accept(java.util.Arrays.copyOfRange(audio, off, off + n), n, pos, l);
            pos += n;
            off += n;
        }
        restored.flush(l);
        assertEquals(reference.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(reference.get(i)[0], out.get(i)[0]);
            assertEquals(reference.get(i)[1], out.get(i)[1]);
        }
    }

    @Test
    void tenEmoDbRecordingsWithOneSecondPausesAreTenUtterances() throws Exception {
        java.nio.file.Path wav = java.nio.file.Path.of(System.getProperty("stimmung.emodb", "../shared/emodb")).resolve("wav");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(wav),
                "EmoDB not found at " + wav.toAbsolutePath() + ": skipping");
        List<float[]> parts = new ArrayList<>();
        try (var files = java.nio.file.Files.list(wav)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().limit(10).toList()) {
                de.stimmung.audio.PcmAudio a = de.stimmung.audio.WavFile.read(f);
                parts.add(de.stimmung.audio.Resampler.resample(a.samples(), a.sampleRateHz(), RATE));
            }
        }
        int total = RATE;
        for (float[] p : parts) {
            total += p.length + RATE;
        }
        float[] call = new float[total];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < total; i++) {
            call[i] = (float) (0.001 * (2 * r.nextDouble() - 1));
        }
        int pos = RATE;
        for (float[] p : parts) {
            for (int i = 0; i < p.length; i++) {
                call[pos + i] += p[i];
            }
            pos += p.length + RATE;
        }
        assertEquals(10, segment(call, 1600, SegmentationSettings.defaults()).size());
    }
}

package de.stimmung.features;

import java.util.Arrays;

/**
 * Decides whether an utterance holds speech from the frame-level descriptors the extraction
 * already computed (F0 and RMS level), so it costs no per-frame work. Speech needs both:
 * <ul>
 *   <li><b>intonation</b>: at least {@value #MIN_INTONED_MS} ms of voiced frames whose F0 moves.
 *       The F0 contour is median-filtered over 3 frames (isolated octave errors), cut into
 *       stretches at unvoiced frames and at jumps of {@value #JUMP_SEMITONES} semitones, the first
 *       and last frame of each stretch dropped (pitch windows straddling an onset), and each
 *       stretch of at least {@value #MIN_STRETCH_FRAMES} frames split into windows of
 *       {@value #WINDOW_FRAMES} frames; a window counts as intoned when its 3-frame running mean
 *       of F0 spans at least {@value #MIN_MOVEMENT_SEMITONES} semitones. Tones, mains hum, DTMF,
 *       periodic clicks have voicing but a flat F0; noise has no smooth voiced stretches;</li>
 *   <li><b>level modulation</b>: the 90th minus the 10th percentile of the RMS level over the
 *       frames within the spec's active range of the loudest frame is at least
 *       {@value #MIN_LEVEL_MODULATION_DB} dB. A steady tone in noise, whose estimated F0
 *       wanders with the noise, fails here; speech rises and falls by syllables.</li>
 * </ul>
 * Measured on the 418 EmoDB utterances (clean and G.711 telephone copies, none below 130 ms of
 * intonation or 12 dB of modulation) and a seeded synthetic set of non-speech sounds (see the
 * README). A sweeping tone that is also switched on and off would pass: the rule knows speech
 * by its melody and rhythm, not by its spectrum. Owns a scratch buffer: one instance per
 * extraction session, not thread-safe.
 */
final class SpeechDetector {

    static final double JUMP_SEMITONES = 2.0;
    static final int MIN_STRETCH_FRAMES = 5;
    static final int WINDOW_FRAMES = 20;
    static final double MIN_MOVEMENT_SEMITONES = 0.5;
    static final double MIN_INTONED_MS = 80;
    static final double MIN_LEVEL_MODULATION_DB = 6;

    private final LldLayout layout;
    private final double hopMs;
    private final double activeRangeDb;
    private float[] scratch = new float[0];

    SpeechDetector(FeatureSpec spec, LldLayout layout) {
        this.layout = layout;
        this.hopMs = spec.hopMs();
        this.activeRangeDb = spec.activeRangeDb();
    }

    /** The decision for frames {@code 0..frames-1} of the contours. */
    SpeechPresence decide(Contours c, int frames) {
        if (scratch.length < frames) {
            scratch = new float[Math.max(frames, 2 * scratch.length)];
        }
        float[] f0 = medianOf3(c.column(layout.f0), frames, scratch);
        int voiced = 0;
        int intoned = 0;
        int t = 0;
        while (t < frames) {
            if (Float.isNaN(f0[t])) {
                t++;
                continue;
            }
            int start = t++;
            while (t < frames && !Float.isNaN(f0[t]) && Math.abs(f0[t] - f0[t - 1]) < JUMP_SEMITONES) {
                t++;
            }
            voiced += t - start;
            intoned += intonedFrames(f0, start + 1, t - 1);
        }
        double intonedMs = intoned * hopMs;
        double modulation = levelModulationDb(c.column(layout.rmsDb), frames);
        return new SpeechPresence(intonedMs >= MIN_INTONED_MS && modulation >= MIN_LEVEL_MODULATION_DB,
                voiced * hopMs, intonedMs, modulation);
    }

    /** F0 with every frame whose two neighbours are voiced replaced by the median of the three. */
    private static float[] medianOf3(float[] f0, int frames, float[] out) {
        System.arraycopy(f0, 0, out, 0, frames);
        for (int t = 1; t + 1 < frames; t++) {
            float a = f0[t - 1];
            float b = f0[t];
            float d = f0[t + 1];
            if (!Float.isNaN(a) && !Float.isNaN(b) && !Float.isNaN(d)) {
                out[t] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), d));
            }
        }
        return out;
    }

    /** Frames of the stretch {@code f0[from..to)} that lie in windows whose F0 moves. */
    private static int intonedFrames(float[] f0, int from, int to) {
        int count = 0;
        int w = from;
        while (to - w >= MIN_STRETCH_FRAMES) {
            // the last window takes a remainder too short to stand alone
            int end = to - (w + WINDOW_FRAMES) < MIN_STRETCH_FRAMES ? to : w + WINDOW_FRAMES;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = w; i + 3 <= end; i++) {
                double mean = ((double) f0[i] + f0[i + 1] + f0[i + 2]) / 3;
                lo = Math.min(lo, mean);
                hi = Math.max(hi, mean);
            }
            if (hi - lo >= MIN_MOVEMENT_SEMITONES) {
                count += end - w;
            }
            w = end;
        }
        return count;
    }

    /** 90th minus 10th percentile of the level over the frames within the active range of the loudest. */
    private double levelModulationDb(float[] rmsDb, int frames) {
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            max = Math.max(max, rmsDb[t]);
        }
        int n = 0;
        for (int t = 0; t < frames; t++) {
            if (rmsDb[t] >= max - activeRangeDb) {
                scratch[n++] = rmsDb[t];
            }
        }
        Arrays.sort(scratch, 0, n);
        return scratch[(int) (0.9 * (n - 1))] - scratch[(int) (0.1 * (n - 1))];
    }
}

package de.stimmung.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the frame-level contours of one utterance into the fixed-length feature vector:
 * <ol>
 *   <li>the {@link Functionals} of every all-frame descriptor over the utterance's active frames
 *       (frames within {@link FeatureSpec#activeRangeDb()} of its loudest; silence and padding
 *       are left out);</li>
 *   <li>the same functionals of the voiced-only descriptors (F0, HNR, jitter, shimmer) over
 *       voiced frames;</li>
 *   <li>mean and standard deviation of loudness, MFCCs and a few spectral descriptors over
 *       voiced and over unvoiced active frames separately;</li>
 *   <li>rhythm: voiced fraction, voiced segments per second, their mean and spread in seconds,
 *       mean pause between voiced segments, loudness peaks (syllable nuclei) per second.</li>
 * </ol>
 * Not thread-safe: one instance per extraction session (it owns scratch buffers).
 */
final class FunctionalLayout {

    private static final String[] SPLIT = {"voicedMean", "voicedStd", "unvoicedMean", "unvoicedStd"};
    private static final List<String> RHYTHM = List.of("voicedFraction", "voicedSegmentsPerSec",
            "voicedSegmentMeanSec", "voicedSegmentStdSec", "pauseMeanSec", "loudnessPeaksPerSec");

    /** Half-width, in frames, of the neighbourhood a loudness peak must dominate. */
    private static final int PEAK_HALF_WIDTH = 5;

    private final LldLayout layout;
    private final int[] splitLlds;
    private final double hopSec;
    private final double activeRangeDb;
    private double[] values = new double[0];
    private double[] times = new double[0];
    private final OrderStatistics order = new OrderStatistics();
    private double[] voicedValues = new double[0];
    private double[] unvoicedValues = new double[0];
    private boolean[] active = new boolean[0];
    private boolean[] voiced = new boolean[0];

    FunctionalLayout(FeatureSpec spec) {
        this.layout = spec.layout();
        this.splitLlds = splitLlds(layout);
        this.hopSec = spec.hopMs() / 1000.0;
        this.activeRangeDb = spec.activeRangeDb();
    }

    private static int[] splitLlds(LldLayout l) {
        List<Integer> idx = new ArrayList<>();
        idx.add(l.loudness);
        for (int c = 0; c < l.mfccCount; c++) {
            idx.add(l.mfcc + c);
        }
        for (String s : List.of("spectralCentroidHz", "spectralFlux", "spectralSlopeDbPerKHz", "alphaRatioDb",
                "hammarbergIndexDb")) {
            idx.add(l.spectral(s));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> featureNames(LldLayout l) {
        List<String> names = new ArrayList<>();
        List<String> lld = l.names();
        for (int i = 0; i < l.width(); i++) {
            for (String f : Functionals.NAMES) {
                names.add(lld.get(i) + "_" + f);
            }
        }
        for (int i : splitLlds(l)) {
            for (String s : SPLIT) {
                names.add(lld.get(i) + "_" + s);
            }
        }
        names.addAll(RHYTHM);
        return List.copyOf(names);
    }

    /** Fills {@code out} (length = spec dimension) from {@code frames} rows of the contours. */
    void compute(Contours contours, int frames, float[] out) {
        ensureCapacity(frames);
        int nActive = markActiveAndVoiced(contours, frames);
        int o = 0;
        for (int lld = 0; lld < layout.width(); lld++) {
            float[] col = contours.column(lld);
            int n = 0;
            for (int t = 0; t < frames; t++) {
                if (active[t] && Float.isFinite(col[t])) {
                    values[n] = col[t];
                    times[n] = t * hopSec;
                    n++;
                }
            }
            Functionals.compute(values, times, n, order, out, o);
            o += Functionals.COUNT;
        }
        for (int lld : splitLlds) {
            float[] col = contours.column(lld);
            int nv = 0;
            int nu = 0;
            for (int t = 0; t < frames; t++) {
                if (active[t] && Float.isFinite(col[t])) {
                    if (voiced[t]) {
                        voicedValues[nv++] = col[t];
                    } else {
                        unvoicedValues[nu++] = col[t];
                    }
                }
            }
            Functionals.meanStd(voicedValues, nv, out, o);
            Functionals.meanStd(unvoicedValues, nu, out, o + 2);
            o += SPLIT.length;
        }
        o = rhythm(contours, frames, nActive, out, o);
        if (o != out.length) {
            throw new IllegalStateException("feature layout wrote " + o + " values, vector has " + out.length);
        }
    }

    private int markActiveAndVoiced(Contours contours, int frames) {
        float[] rms = contours.column(layout.rmsDb);
        float[] f0 = contours.column(layout.f0);
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            max = Math.max(max, rms[t]);
        }
        double floor = Math.max(max - activeRangeDb, SpectralAnalyzer.SILENCE_DB + 1.0);
        int n = 0;
        for (int t = 0; t < frames; t++) {
            active[t] = rms[t] >= floor;
            voiced[t] = active[t] && Float.isFinite(f0[t]);
            if (active[t]) {
                n++;
            }
        }
        return n;
    }

    private int rhythm(Contours contours, int frames, int nActive, float[] out, int o) {
        double activeSec = nActive * hopSec;
        int nVoiced = 0;
        int segments = 0;
        int nSeg = 0;
        int pauses = 0;
        double pauseFrames = 0;
        int run = 0;
        int gap = 0;
        boolean seenVoiced = false;
        for (int t = 0; t <= frames; t++) {
            boolean v = t < frames && voiced[t];
            if (v) {
                nVoiced++;
                if (run == 0) {
                    if (seenVoiced && gap > 0) {
                        pauses++;
                        pauseFrames += gap;
                    }
                    segments++;
                }
                run++;
                gap = 0;
                seenVoiced = true;
            } else {
                if (run > 0) {
                    values[nSeg++] = run * hopSec;
                }
                run = 0;
                if (seenVoiced) {
                    gap++;
                }
            }
        }
        out[o] = nActive == 0 ? 0f : (float) nVoiced / nActive;
        out[o + 1] = activeSec == 0 ? 0f : (float) (segments / activeSec);
        Functionals.meanStd(values, nSeg, out, o + 2);
        out[o + 4] = pauses == 0 ? 0f : (float) (pauseFrames * hopSec / pauses);
        out[o + 5] = activeSec == 0 ? 0f : (float) (loudnessPeaks(contours.column(layout.loudness), frames) / activeSec);
        return o + RHYTHM.size();
    }

    /** Active frames whose loudness is the maximum of their +-5 frame neighbourhood and above the active mean. */
    private int loudnessPeaks(float[] loudness, int frames) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < frames; t++) {
            if (active[t]) {
                sum += loudness[t];
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        int peaks = 0;
        for (int t = 0; t < frames; t++) {
            if (!active[t] || loudness[t] <= mean) {
                continue;
            }
            boolean isPeak = true;
            for (int k = Math.max(0, t - PEAK_HALF_WIDTH); k <= Math.min(frames - 1, t + PEAK_HALF_WIDTH) && isPeak; k++) {
                // ties go to the earliest frame so a flat top counts once
                isPeak = k == t || (k < t ? loudness[k] < loudness[t] : loudness[k] <= loudness[t]);
            }
            if (isPeak) {
                peaks++;
            }
        }
        return peaks;
    }

    private void ensureCapacity(int frames) {
        int need = Math.max(frames, 1);
        if (values.length < need) {
            int cap = Math.max(need, values.length * 2);
            values = new double[cap];
            times = new double[cap];
            voicedValues = new double[cap];
            unvoicedValues = new double[cap];
            active = new boolean[cap];
            voiced = new boolean[cap];
        }
    }
}

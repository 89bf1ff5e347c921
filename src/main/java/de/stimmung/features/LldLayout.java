package de.stimmung.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each frame-level descriptor (LLD) sits in a frame row. Rows hold, in order: loudness,
 * RMS level, zero-crossing rate, voicing probability, log-mel bands, MFCCs, spectral shape
 * descriptors, MFCC deltas and delta-deltas, loudness delta, then the voiced-only
 * descriptors (F0, HNR, jitter, shimmer), which are NaN on unvoiced frames.
 * Immutable and thread-safe.
 */
public final class LldLayout {

    /** Spectral shape descriptors, in row order. */
    static final List<String> SPECTRAL = List.of("spectralCentroidHz", "spectralSpreadHz", "spectralSkewness",
            "spectralKurtosis", "spectralFlatness", "spectralEntropy", "spectralRolloff25Hz", "spectralRolloff50Hz",
            "spectralRolloff75Hz", "spectralRolloff90Hz", "spectralFlux", "spectralSlopeDbPerKHz", "alphaRatioDb",
            "hammarbergIndexDb");

    /** Voiced-only descriptors, in row order (NaN where a frame is unvoiced). */
    static final List<String> VOICED = List.of("f0Semitones", "hnrDb", "jitterLocal", "shimmerDb");

    final int loudness = 0;
    final int rmsDb = 1;
    final int zcr = 2;
    final int voicingProb = 3;
    final int mel;
    final int mfcc;
    final int spectral;
    final int mfccDelta;
    final int mfccDeltaDelta;
    final int loudnessDelta;
    final int f0;
    final int hnr;
    final int jitter;
    final int shimmer;
    final int width;
    /** Rows [0, allFrameEnd) are described over all active frames; the rest over voiced frames. */
    final int allFrameEnd;
    final int melBands;
    final int mfccCount;
    private final List<String> names;

    LldLayout(FeatureSpec spec) {
        melBands = spec.melBands();
        mfccCount = spec.mfccCount();
        List<String> n = new ArrayList<>(List.of("loudness", "rmsDb", "zcr", "voicingProb"));
        mel = n.size();
        for (int b = 1; b <= melBands; b++) {
            n.add(String.format(java.util.Locale.ROOT, "logMel%02d", b));
        }
        mfcc = n.size();
        for (int c = 0; c < mfccCount; c++) {
            n.add(String.format(java.util.Locale.ROOT, "mfcc%02d", c));
        }
        spectral = n.size();
        n.addAll(SPECTRAL);
        mfccDelta = n.size();
        for (int c = 0; c < mfccCount; c++) {
            n.add(String.format(java.util.Locale.ROOT, "mfcc%02dDelta", c));
        }
        mfccDeltaDelta = n.size();
        for (int c = 0; c < mfccCount; c++) {
            n.add(String.format(java.util.Locale.ROOT, "mfcc%02dDeltaDelta", c));
        }
        loudnessDelta = n.size();
        n.add("loudnessDelta");
        allFrameEnd = n.size();
        f0 = n.size();
        hnr = f0 + 1;
        jitter = f0 + 2;
        shimmer = f0 + 3;
        n.addAll(VOICED);
        width = n.size();
        names = List.copyOf(n);
    }

    /** Index of the spectral descriptor with the given position in {@link #SPECTRAL}. */
    int spectral(String name) {
        int i = SPECTRAL.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown spectral descriptor " + name + ", expected one of " + SPECTRAL);
        }
        return spectral + i;
    }

    /** Descriptor names in row order. */
    public List<String> names() {
        return names;
    }

    /** Number of descriptors per frame row. */
    public int width() {
        return width;
    }
}

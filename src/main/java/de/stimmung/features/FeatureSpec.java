package de.stimmung.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The feature set: every parameter of the extractor plus the ordered, named list of the
 * features it emits, with a stable {@link #version() version hash}. The trainer writes that
 * hash into the model; the service refuses a model whose hash differs from its extractor's.
 *
 * <p>Change anything that alters the numbers (a parameter, an LLD, a functional, the
 * algorithm {@link #REVISION}) and the hash changes. Immutable and thread-safe.
 *
 * @param sampleRateHz    rate every input is resampled to before analysis
 * @param frameMs         spectral analysis window (Hamming)
 * @param hopMs           frame step; one row of frame-level descriptors per hop
 * @param fftSize         FFT length of the spectral frame (zero-padded)
 * @param melBands        triangular mel (HTK scale) bands of the log-mel and MFCC descriptors
 * @param melMinHz        lower edge of the lowest mel band
 * @param melMaxHz        upper edge of the highest mel band
 * @param mfccCount       cepstral coefficients c0..c(mfccCount-1) (orthonormal DCT-II of ln mel)
 * @param preEmphasis     first-order pre-emphasis applied to the mel/MFCC path as a spectral weight
 * @param deltaWindow     half-width N of the regression delta: d_t = sum n (c_t+n - c_t-n) / (2 sum n^2)
 * @param pitchRateHz     rate of the decimated signal used for pitch analysis
 * @param pitchWindowMs   pitch analysis window (Hann), autocorrelation method (Boersma 1993)
 * @param pitchMinHz      lowest fundamental frequency searched
 * @param pitchMaxHz      highest fundamental frequency searched
 * @param voicingThreshold minimum normalised autocorrelation peak for a frame to count as voiced
 * @param silenceDbfs     frames whose RMS is below this level (dB re full scale) are never voiced
 * @param activeRangeDb   frames more than this many dB below the utterance's loudest frame are
 *                        left out of the functionals (leading/trailing silence, padding)
 */
public record FeatureSpec(
        int sampleRateHz,
        double frameMs,
        double hopMs,
        int fftSize,
        int melBands,
        double melMinHz,
        double melMaxHz,
        int mfccCount,
        double preEmphasis,
        int deltaWindow,
        int pitchRateHz,
        double pitchWindowMs,
        double pitchMinHz,
        double pitchMaxHz,
        double voicingThreshold,
        double silenceDbfs,
        double activeRangeDb) {

    /**
     * Algorithm revision: bump it whenever the code computes any feature differently, even with
     * the same parameters, so that old models are refused instead of silently scoring garbage.
     */
    public static final int REVISION = 2;

    /** Spectral roll-off points, as fractions of the frame's total power. */
    static final double[] ROLLOFF_POINTS = {0.25, 0.50, 0.75, 0.90};

    public FeatureSpec {
        require(sampleRateHz >= 8000 && sampleRateHz <= 48000, "sampleRateHz", sampleRateHz, "8000..48000");
        require(frameMs > 0 && hopMs > 0 && hopMs <= frameMs, "hopMs", hopMs, "0 < hopMs <= frameMs");
        require(Integer.bitCount(fftSize) == 1 && fftSize >= frameSamples(sampleRateHz, frameMs), "fftSize", fftSize,
                "a power of two >= the frame length in samples");
        require(melBands >= 4 && melMinHz >= 0 && melMaxHz <= sampleRateHz / 2.0 && melMinHz < melMaxHz,
                "melBands/melMinHz/melMaxHz", melBands + "/" + melMinHz + "/" + melMaxHz, "4+ bands inside 0..Nyquist");
        require(mfccCount >= 2 && mfccCount <= melBands, "mfccCount", mfccCount, "2..melBands");
        require(deltaWindow >= 1, "deltaWindow", deltaWindow, ">= 1");
        require(sampleRateHz % pitchRateHz == 0, "pitchRateHz", pitchRateHz, "a divisor of sampleRateHz");
        require(pitchMinHz > 0 && pitchMinHz < pitchMaxHz && pitchMaxHz < pitchRateHz / 4.0,
                "pitchMinHz/pitchMaxHz", pitchMinHz + "/" + pitchMaxHz, "0 < min < max < pitchRateHz/4");
        require(voicingThreshold > 0 && voicingThreshold < 1, "voicingThreshold", voicingThreshold, "0..1");
        require(activeRangeDb > 0, "activeRangeDb", activeRangeDb, "> 0");
    }

    /** The default feature set used by the shipped model. */
    public static FeatureSpec defaults() {
        return new FeatureSpec(16000, 25.0, 10.0, 512, 26, 20.0, 8000.0, 13, 0.97, 2,
                8000, 40.0, 60.0, 500.0, 0.45, -60.0, 50.0);
    }

    private static void require(boolean ok, String name, Object value, String valid) {
        if (!ok) {
            throw new IllegalArgumentException("FeatureSpec." + name + " = " + value + " is invalid; expected " + valid);
        }
    }

    private static int frameSamples(int rate, double ms) {
        return (int) Math.round(rate * ms / 1000.0);
    }

    /** Spectral window length in samples at {@link #sampleRateHz()}. */
    public int frameSamples() {
        return frameSamples(sampleRateHz, frameMs);
    }

    /** Frame step in samples at {@link #sampleRateHz()}. */
    public int hopSamples() {
        return frameSamples(sampleRateHz, hopMs);
    }

    /** Decimation factor from the analysis rate to the pitch rate. */
    public int pitchDecimation() {
        return sampleRateHz / pitchRateHz;
    }

    /** Pitch window length in samples at {@link #pitchRateHz()}. */
    public int pitchWindowSamples() {
        return frameSamples(pitchRateHz, pitchWindowMs);
    }

    /** The frame-level descriptors (LLDs), in contour order. */
    public LldLayout layout() {
        return new LldLayout(this);
    }

    /** Names of the utterance-level features, in vector order. */
    public List<String> featureNames() {
        return FunctionalLayout.featureNames(layout());
    }

    /** Length of the feature vector. */
    public int dimension() {
        return featureNames().size();
    }

    /**
     * Stable version hash: the first 16 hex digits of SHA-256 over the revision, every
     * parameter and every feature name in order.
     */
    public String version() {
        StringBuilder canonical = new StringBuilder("stimmung-features/r").append(REVISION).append('\n')
                .append(toString()).append('\n');
        for (double p : ROLLOFF_POINTS) {
            canonical.append(p).append(',');
        }
        canonical.append('\n');
        featureNames().forEach(n -> canonical.append(n).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A human-readable description: parameters, then every feature name with its index. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("feature spec " + version() + " (revision " + REVISION + ")");
        lines.add(toString());
        List<String> names = featureNames();
        for (int i = 0; i < names.size(); i++) {
            lines.add(i + "\t" + names.get(i));
        }
        return Collections.unmodifiableList(lines);
    }
}

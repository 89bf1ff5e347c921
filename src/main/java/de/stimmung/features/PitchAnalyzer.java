package de.stimmung.features;

/**
 * Fundamental frequency and voice quality of one pitch frame by the autocorrelation method
 * (Boersma 1993): the Hann-windowed frame's autocorrelation divided by the window's own, the
 * highest peak in the lag range chosen with a small octave cost that prefers higher
 * candidates, parabolic interpolation of its position and height, and a voicing decision on
 * peak height and level. Writes voicing probability (the peak height, 0..1) for every frame,
 * and F0 (semitones re 27.5 Hz), harmonics-to-noise ratio (dB), local jitter (relative period
 * change from the previous voiced frame) and shimmer (dB level change from the previous voiced
 * frame) for voiced frames, NaN otherwise. Allocates nothing per frame. Not thread-safe.
 */
final class PitchAnalyzer {

    /** Score bonus per octave of candidate frequency, against octave-down errors (Praat's default). */
    private static final double OCTAVE_COST = 0.01;
    private static final double MAX_HNR_R = 1 - 1e-4;

    private final AnalysisTables t;
    private final LldLayout layout;
    private final RealFft fft;
    private final float[] buf;
    private final float[] scratch;
    /** r(lag) for lags 0..maxLag+1. */
    private final float[] r;
    /** r(lag)/r(0) divided by the window's own r_w(lag)/r_w(0), for the lags searched. */
    private final double[] normalised;
    private final int[] peakLags;
    private final double silenceDb;
    private final double threshold;
    private final double log2RateOverMin;
    private double previousPeriod = Double.NaN;
    private double previousLevelDb = Double.NaN;

    PitchAnalyzer(AnalysisTables tables, LldLayout layout) {
        this.t = tables;
        this.layout = layout;
        fft = new RealFft(t.pitchFft);
        buf = new float[t.pitchFft];
        scratch = new float[t.pitchFft];
        r = new float[t.maxLag + 2];
        normalised = new double[t.maxLag + 2];
        peakLags = new int[t.maxLag + 2];
        silenceDb = t.spec.silenceDbfs();
        threshold = t.spec.voicingThreshold();
        log2RateOverMin = log2(t.spec.pitchRateHz() / t.spec.pitchMinHz());
    }

    void reset() {
        previousPeriod = Double.NaN;
        previousLevelDb = Double.NaN;
    }

    /** Analyses {@code frame[off..off+t.pitchWindow)} (decimated samples) into row {@code f}. */
    void analyse(float[] frame, int off, Contours c, int f) {
        int w = t.pitchWindow;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < w; i++) {
            double x = frame[off + i];
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / w;
        double energy = Math.max(0, sumSquares - sum * mean);
        float m = (float) mean;
        for (int i = 0; i < w; i++) {
            buf[i] = (frame[off + i] - m) * t.hann[i];
        }
        java.util.Arrays.fill(buf, w, buf.length, 0f);
        double levelDb = energy > 0 ? 10 * Math.log10(energy / w) : SpectralAnalyzer.SILENCE_DB;
        if (levelDb < silenceDb) {
            // too quiet to be voiced whatever its periodicity: skip the autocorrelation
            unvoiced(c, f, 0);
            return;
        }
        fft.autocorrelation(buf, scratch, r);
        double inverseR0 = 1.0 / r[0];
        for (int lag = Math.max(t.minLag, 2) - 1; lag <= t.maxLag + 1; lag++) {
            normalised[lag] = r[lag] * inverseR0 * t.inverseHannAcf[lag];
        }
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestLag = 0;
        double bestR = 0;
        // the local maxima first, compacted without branches (they are too irregular to predict)
        int peaks = 0;
        for (int lag = Math.max(t.minLag, 2); lag <= t.maxLag; lag++) {
            double y0 = normalised[lag];
            peakLags[peaks] = lag;
            peaks += (y0 > normalised[lag - 1]) & (y0 >= normalised[lag + 1]) ? 1 : 0;
        }
        for (int p = 0; p < peaks; p++) {
            int lag = peakLags[p];
            double y0 = normalised[lag];
            double ym = normalised[lag - 1];
            double yp = normalised[lag + 1];
            double denom = ym - 2 * y0 + yp;
            double delta = denom < 0 ? 0.5 * (ym - yp) / denom : 0;
            double peak = y0 - 0.25 * (ym - yp) * delta;
            double period = lag + delta;
            // log2(f / minHz) with log2(lag + delta) ~ log2(lag) + delta / (lag ln 2): no log per candidate
            double log2Period = t.log2Lag[lag] + delta * t.inverseLagLn2[lag];
            double score = peak + OCTAVE_COST * (log2RateOverMin - log2Period);
            if (score > bestScore) {
                bestScore = score;
                bestLag = period;
                bestR = peak;
            }
        }
        double voicing = Math.max(0, Math.min(1, bestR));
        if (bestLag == 0 || bestR < threshold || levelDb < silenceDb) {
            unvoiced(c, f, voicing);
            return;
        }
        double f0 = t.spec.pitchRateHz() / bestLag;
        double rClamped = Math.min(Math.max(bestR, 1e-4), MAX_HNR_R);
        c.set(layout.voicingProb, f, voicing);
        c.set(layout.f0, f, 12 * log2(f0 / 27.5));
        c.set(layout.hnr, f, 10 * Math.log10(rClamped / (1 - rClamped)));
        if (Double.isNaN(previousPeriod)) {
            c.set(layout.jitter, f, Double.NaN);
            c.set(layout.shimmer, f, Double.NaN);
        } else {
            c.set(layout.jitter, f, Math.abs(bestLag - previousPeriod) / (0.5 * (bestLag + previousPeriod)));
            c.set(layout.shimmer, f, Math.abs(levelDb - previousLevelDb));
        }
        previousPeriod = bestLag;
        previousLevelDb = levelDb;
    }

    private void unvoiced(Contours c, int f, double voicing) {
        c.set(layout.voicingProb, f, voicing);
        c.set(layout.f0, f, Double.NaN);
        c.set(layout.hnr, f, Double.NaN);
        c.set(layout.jitter, f, Double.NaN);
        c.set(layout.shimmer, f, Double.NaN);
        previousPeriod = Double.NaN;
        previousLevelDb = Double.NaN;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

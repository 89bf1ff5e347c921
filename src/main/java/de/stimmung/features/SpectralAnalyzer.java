package de.stimmung.features;

/**
 * Frame-level spectral descriptors of one 25 ms frame: loudness, RMS level, zero-crossing
 * rate, log-mel bands, MFCCs and the spectral shape descriptors (centroid, spread, skewness,
 * kurtosis, flatness, entropy, roll-offs, flux, slope, alpha ratio, Hammarberg index).
 * One FFT plan and reusable buffers per instance: nothing is allocated per frame.
 * Undefined values (the shape of a silent frame) are written as NaN. Not thread-safe.
 */
final class SpectralAnalyzer {

    /** Level, in dB re full scale, reported for digital silence. */
    static final double SILENCE_DB = -120.0;
    private static final double POWER_FLOOR = 1e-12;
    private static final double LOG10_TO_DB = 10.0 / Math.log(10.0);

    private final AnalysisTables t;
    private final LldLayout layout;
    private final RealFft fft;
    private final float[] fftBuf;
    private final double[] power;
    /** Running totals of the power spectrum over bins 1..k. */
    private final double[] cumulative;
    private final double[] melEnergy;
    private final double[] previous;
    private boolean hasPrevious;
    private final int[] rolloffIdx;
    private final int lo50;
    private final int hi1000;
    private final int hi2000;
    private final int hi5000;

    SpectralAnalyzer(AnalysisTables tables, LldLayout layout) {
        this.t = tables;
        this.layout = layout;
        fft = new RealFft(t.fft);
        fftBuf = new float[t.fft];
        power = new double[t.bins];
        cumulative = new double[t.bins];
        melEnergy = new double[t.spec.melBands()];
        previous = new double[t.bins];
        rolloffIdx = new int[] {layout.spectral("spectralRolloff25Hz"), layout.spectral("spectralRolloff50Hz"),
            layout.spectral("spectralRolloff75Hz"), layout.spectral("spectralRolloff90Hz")};
        lo50 = binAt(50);
        hi1000 = binAt(1000);
        hi2000 = binAt(2000);
        hi5000 = Math.min(binAt(5000), t.bins - 1);
    }

    private int binAt(double hz) {
        return (int) Math.round(hz * t.fft / t.spec.sampleRateHz());
    }

    void reset() {
        hasPrevious = false;
    }

    /** Analyses {@code frame[off..off+t.frame)} (raw samples) into row {@code f} of the contours. */
    void analyse(float[] frame, int off, Contours c, int f) {
        double energy = 0;
        int crossings = 0;
        int previousSign = Float.floatToRawIntBits(frame[off]) >>> 31;
        for (int i = 0; i < t.frame; i++) {
            float x = frame[off + i];
            energy += (double) x * x;
            // branch-free: a crossing is a change of the sign bit (0 counts as positive, -0 is rare)
            int sign = Float.floatToRawIntBits(x) >>> 31;
            crossings += sign ^ previousSign;
            previousSign = sign;
            fftBuf[i] = x * t.hamming[i];
        }
        java.util.Arrays.fill(fftBuf, t.frame, t.fft, 0f);
        double meanSquare = energy / t.frame;
        c.set(layout.rmsDb, f, meanSquare > 0 ? Math.max(SILENCE_DB, LOG10_TO_DB * Math.log(meanSquare)) : SILENCE_DB);
        c.set(layout.zcr, f, (double) crossings / (t.frame - 1));

        fft.powerSpectrum(fftBuf, power);
        melAndCepstrum(c, f);
        shape(c, f);
    }

    private void melAndCepstrum(Contours c, int f) {
        int bands = melEnergy.length;
        double loudness = 0;
        for (int b = 0; b < bands; b++) {
            float[] w = t.melWeights[b];
            int k0 = t.melStart[b];
            double e = 0;
            for (int j = 0; j < w.length; j++) {
                e += w[j] * power[k0 + j];
            }
            double lnE = Math.log(e + POWER_FLOOR);
            melEnergy[b] = lnE;
            // cube root (Stevens' power law) as exp(ln/3): Math.exp is an intrinsic, Math.cbrt is not
            loudness += Math.exp(lnE * (1.0 / 3.0));
            c.set(layout.mel + b, f, LOG10_TO_DB * lnE);
        }
        c.set(layout.loudness, f, loudness);
        for (int m = 0; m < t.dct.length; m++) {
            double[] row = t.dct[m];
            double s = 0;
            for (int b = 0; b < bands; b++) {
                s += row[b] * melEnergy[b];
            }
            c.set(layout.mfcc + m, f, s);
        }
    }

    /**
     * The shape descriptors in two fused passes over the bins. Every sum is still accumulated
     * bin by bin in ascending order (so the values are bit-identical to one loop per sum), but
     * the independent add chains share a loop and overlap instead of each waiting out its own
     * latency; the roll-off points are found in the running totals the first pass stores.
     */
    private void shape(Contours c, int f) {
        int last = t.bins - 1;
        double[] binHz = t.binHz;
        double[] centredKHz = t.centredKHz;
        double[] running = cumulative;
        double total = 0;
        double centroid = 0;
        double sumLog = 0;
        double sumPLog = 0;
        double sumMagnitude = 0;
        double sfd = 0;
        for (int k = 1; k <= last; k++) {
            double p = power[k];
            total += p;
            running[k] = total;
            centroid += binHz[k] * p;
            sumMagnitude += Math.sqrt(p);
            double lp = Math.log(Math.max(p, POWER_FLOOR));
            sumLog += lp;
            sumPLog += p * lp;
            sfd += centredKHz[k] * lp;
        }
        int s0 = layout.spectral;
        if (total < POWER_FLOOR) {
            for (int i = 0; i < LldLayout.SPECTRAL.size(); i++) {
                c.set(s0 + i, f, Double.NaN);
            }
            hasPrevious = false;
            return;
        }
        int count = last;
        centroid /= total;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double sq = 0;
        double inverseTotal = 1.0 / total;
        double[] prev = previous;
        for (int k = 1; k <= last; k++) {
            double pk = power[k];
            double d = binHz[k] - centroid;
            double w = pk * d * d;
            m2 += w;
            m3 += w * d;
            m4 += w * d * d;
            // flux: distance between this and the previous frame's normalised spectrum
            double p = pk * inverseTotal;
            double e = p - prev[k];
            sq += e * e;
            prev[k] = p;
        }
        m2 /= total;
        m3 /= total;
        m4 /= total;
        double spread = Math.sqrt(m2);
        c.set(s0, f, centroid);
        c.set(s0 + 1, f, spread);
        c.set(s0 + 2, f, spread > 0 ? m3 / (m2 * spread) : 0);
        c.set(s0 + 3, f, spread > 0 ? m4 / (m2 * m2) : 0);
        // flatness of the magnitude spectrum: geometric over arithmetic mean (white noise ~0.85, a tone ~0)
        c.set(s0 + 4, f, Math.exp(0.5 * sumLog / count) / (sumMagnitude / count));
        c.set(s0 + 5, f, (Math.log(total) - sumPLog / total) / Math.log(count));
        rolloff(c, f, total);
        c.set(layout.spectral + 10, f, hasPrevious ? Math.sqrt(sq) : Double.NaN);
        hasPrevious = true;
        // least-squares slope of the power spectrum in dB against frequency in kHz; the centred
        // frequencies sum to zero, so one pass over the bins suffices
        c.set(s0 + 11, f, LOG10_TO_DB * sfd / t.centredKHzSquares);
        c.set(s0 + 12, f, LOG10_TO_DB * Math.log((sum(lo50, hi1000) + POWER_FLOOR) / (sum(hi1000, hi5000) + POWER_FLOOR)));
        c.set(s0 + 13, f, LOG10_TO_DB * Math.log((max(1, hi2000) + POWER_FLOOR) / (max(hi2000, hi5000) + POWER_FLOOR)));
    }

    /**
     * Roll-off points: the lowest bin whose running power total reaches each fraction of the
     * total (the running totals are non-decreasing, so a forward scan finds each in turn).
     */
    private void rolloff(Contours c, int f, double total) {
        double[] points = FeatureSpec.ROLLOFF_POINTS;
        double[] running = cumulative;
        int last = t.bins - 1;
        int k = 1;
        for (int r = 0; r < points.length; r++) {
            double next = points[r] * total;
            while (k <= last && running[k] < next) {
                k++;
            }
            c.set(rolloffIdx[r], f, t.binHz[Math.min(k, last)]);
        }
    }

    private double sum(int from, int to) {
        double s = 0;
        for (int k = from; k < to; k++) {
            s += power[k];
        }
        return s;
    }

    private double max(int from, int to) {
        double m = 0;
        for (int k = from; k < to; k++) {
            m = Math.max(m, power[k]);
        }
        return m;
    }
}

package de.stimmung.features;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The constant tables of one {@link FeatureSpec}: analysis windows, pre-emphasis weights, the
 * mel filterbank, the DCT matrix, the pitch window's own autocorrelation and the decimation
 * filter. Built once per extractor and shared read-only by all sessions (thread-safe).
 */
final class AnalysisTables {

    /** Low-pass cutoff of the pitch path, as a fraction of the pitch rate's Nyquist frequency. */
    static final double PITCH_BAND_FRACTION = 1.0;

    final FeatureSpec spec;
    final int frame;
    final int hop;
    final int fft;
    final int bins;
    final float[] hamming;
    /** |1 - a e^{-jw}|^2 per FFT bin: the pre-emphasis filter applied to the power spectrum. */
    final float[] emphasis;
    final int[] melStart;
    /** Triangular mel weights times the pre-emphasis weight of each bin, per band from {@link #melStart}. */
    final float[][] melWeights;
    /** Orthonormal DCT-II, [mfcc][band]. */
    final double[][] dct;
    final double[] binHz;
    /** Bin frequencies 1..N/2 in kHz minus their mean (index 0 unused), and their sum of squares. */
    final double[] centredKHz;
    final double centredKHzSquares;

    final int decimation;
    /** Symmetric low-pass FIR taps h[-half..half] stored at [0..2*half]. */
    final float[] decimator;
    final int decimatorHalf;
    /** Distances j >= 1 of the non-zero taps of the symmetric decimator, and those taps. */
    final int[] decimatorOffsets;
    final float[] decimatorTaps;
    final int pitchWindow;
    final int pitchHop;
    final int pitchFft;
    final float[] hann;
    /** Normalised autocorrelation of the Hann window, r_w(lag)/r_w(0). */
    final double[] hannAcf;
    /** 1 / {@link #hannAcf}, so the per-frame normalisation multiplies. */
    final double[] inverseHannAcf;
    final int minLag;
    final int maxLag;
    /** log2(lag) and 1/(lag ln 2) per integer lag, for the pitch candidates' octave cost. */
    final double[] log2Lag;
    final double[] inverseLagLn2;

    AnalysisTables(FeatureSpec spec) {
        this.spec = spec;
        frame = spec.frameSamples();
        hop = spec.hopSamples();
        fft = spec.fftSize();
        bins = fft / 2 + 1;
        hamming = new float[frame];
        for (int i = 0; i < frame; i++) {
            hamming[i] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (frame - 1)));
        }
        emphasis = new float[bins];
        binHz = new double[bins];
        double a = spec.preEmphasis();
        for (int k = 0; k < bins; k++) {
            double w = 2 * Math.PI * k / fft;
            emphasis[k] = (float) (1 + a * a - 2 * a * Math.cos(w));
            binHz[k] = (double) k * spec.sampleRateHz() / fft;
        }
        centredKHz = new double[bins];
        double meanKHz = 0;
        for (int k = 1; k < bins; k++) {
            meanKHz += binHz[k] / 1000.0;
        }
        meanKHz /= bins - 1;
        double squares = 0;
        for (int k = 1; k < bins; k++) {
            centredKHz[k] = binHz[k] / 1000.0 - meanKHz;
            squares += centredKHz[k] * centredKHz[k];
        }
        centredKHzSquares = squares;
        int bands = spec.melBands();
        melStart = new int[bands];
        melWeights = new float[bands][];
        buildMelFilterbank(spec, bands);
        dct = new double[spec.mfccCount()][bands];
        for (int c = 0; c < spec.mfccCount(); c++) {
            double scale = Math.sqrt((c == 0 ? 1.0 : 2.0) / bands);
            for (int b = 0; b < bands; b++) {
                dct[c][b] = scale * Math.cos(Math.PI * c * (b + 0.5) / bands);
            }
        }

        decimation = spec.pitchDecimation();
        decimatorHalf = 8 * decimation - 1;
        // cutoff at the pitch rate's Nyquist frequency: for decimation by 2 a half-band filter,
        // whose every second tap is zero (the pitch search needs no protection of the top octave);
        // a 4 kHz pitch rate with a narrower band was faster but made octave errors and weaker
        // voice-quality features (macro F1 0.655 instead of 0.673)
        decimator = lowPass(decimatorHalf, PITCH_BAND_FRACTION * 0.5 / decimation);
        int nonZero = 0;
        for (int j = 1; j <= decimatorHalf; j++) {
            if (decimator[decimatorHalf + j] != 0f) {
                nonZero++;
            }
        }
        decimatorOffsets = new int[nonZero];
        decimatorTaps = new float[nonZero];
        for (int j = 1, i = 0; j <= decimatorHalf; j++) {
            if (decimator[decimatorHalf + j] != 0f) {
                decimatorOffsets[i] = j;
                decimatorTaps[i++] = decimator[decimatorHalf + j];
            }
        }
        pitchWindow = spec.pitchWindowSamples();
        pitchHop = hop / decimation;
        if (pitchHop * decimation != hop) {
            throw new IllegalArgumentException("hop of " + hop + " samples is not a multiple of the pitch decimation "
                    + decimation + "; choose hopMs so that it is");
        }
        minLag = (int) Math.floor(spec.pitchRateHz() / spec.pitchMaxHz());
        maxLag = (int) Math.ceil(spec.pitchRateHz() / spec.pitchMinHz());
        log2Lag = new double[maxLag + 2];
        inverseLagLn2 = new double[maxLag + 2];
        for (int lag = 1; lag < log2Lag.length; lag++) {
            log2Lag[lag] = Math.log(lag) / Math.log(2);
            inverseLagLn2[lag] = 1.0 / (lag * Math.log(2));
        }
        int n = Integer.highestOneBit(pitchWindow + maxLag + 1) * 2;
        pitchFft = n;
        hann = new float[pitchWindow];
        for (int i = 0; i < pitchWindow; i++) {
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (pitchWindow + 1)));
        }
        hannAcf = new double[maxLag + 2];
        float[] buf = new float[pitchFft];
        System.arraycopy(hann, 0, buf, 0, pitchWindow);
        float[] acf = autocorrelation(new FloatFFT_1D(pitchFft), buf);
        inverseHannAcf = new double[hannAcf.length];
        for (int lag = 0; lag < hannAcf.length; lag++) {
            hannAcf[lag] = acf[lag] / acf[0];
            inverseHannAcf[lag] = 1.0 / hannAcf[lag];
        }
    }

    private void buildMelFilterbank(FeatureSpec spec, int bands) {
        double melLo = hzToMel(spec.melMinHz());
        double melHi = hzToMel(spec.melMaxHz());
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melLo + (melHi - melLo) * i / (bands + 1));
        }
        for (int b = 0; b < bands; b++) {
            double lo = edges[b];
            double mid = edges[b + 1];
            double hi = edges[b + 2];
            int first = -1;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                if (binHz[k] > lo && binHz[k] < hi) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                // band narrower than a bin: take the nearest bin so the band is never empty
                first = (int) Math.round(mid * fft / spec.sampleRateHz());
                last = first;
                melStart[b] = first;
                melWeights[b] = new float[] {emphasis[first]};
                continue;
            }
            float[] w = new float[last - first + 1];
            for (int k = first; k <= last; k++) {
                double f = binHz[k];
                w[k - first] = (float) ((f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid)) * emphasis[k]);
            }
            melStart[b] = first;
            melWeights[b] = w;
        }
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** Windowed-sinc (Blackman) low-pass with cutoff {@code fc} in cycles per sample, unity DC gain. */
    private static float[] lowPass(int half, double fc) {
        double[] h = new double[2 * half + 1];
        double sum = 0;
        for (int i = -half; i <= half; i++) {
            double sinc = i == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * i) / (Math.PI * i);
            double x = (i + half) / (2.0 * half);
            double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x);
            h[i + half] = sinc * blackman;
            sum += h[i + half];
        }
        float[] taps = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            taps[i] = (float) (h[i] / sum);
        }
        return taps;
    }

    /**
     * Autocorrelation of the signal in {@code buf} (zero-padded to the FFT size) in place via
     * the power spectrum; returns {@code buf} with r(lag) at index lag.
     */
    static float[] autocorrelation(FloatFFT_1D plan, float[] buf) {
        int n = buf.length;
        plan.realForward(buf);
        // packed layout: buf[0] = Re(0), buf[1] = Re(n/2), buf[2k], buf[2k+1] = Re, Im of bin k
        buf[0] = buf[0] * buf[0];
        buf[1] = buf[1] * buf[1];
        for (int k = 1; k < n / 2; k++) {
            float re = buf[2 * k];
            float im = buf[2 * k + 1];
            buf[2 * k] = re * re + im * im;
            buf[2 * k + 1] = 0f;
        }
        plan.realInverse(buf, false); // unscaled: every use divides by r(0)
        return buf;
    }
}

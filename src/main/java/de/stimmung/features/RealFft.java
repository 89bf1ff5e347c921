package de.stimmung.features;

import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.utils.CommonUtils;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The two real-FFT uses of the extractor, power spectrum and autocorrelation, computed with
 * exactly the floating-point operations of JTransforms' {@link FloatFFT_1D#realForward} and
 * {@link FloatFFT_1D#realInverse} (split-radix plan, power-of-two size), so the results are
 * bit-identical to theirs, but with fewer passes over memory: JTransforms' complex transform
 * leaves its output in bit-reversed order and then permutes it ({@code bitrv2}) before the
 * real-to-complex post-processing ({@code rftfsub}). Here the butterflies are JTransforms' own
 * ({@link CommonUtils#cftf1st} etc.), and the permutation, the post-processing, the squared
 * magnitudes and (for the autocorrelation) the inverse's pre-processing run as one pass that
 * reads the bit-reversed positions directly; the inverse's final permutation
 * ({@code bitrv2conj}) is not done at all: the lags wanted are read from where it would have
 * taken them. The permutations are read off JTransforms' own routines at construction.
 * Sizes JTransforms would transform differently (32 or less, or large enough for its threads)
 * fall back to the plain {@link FloatFFT_1D} calls. Not thread-safe (one per analyzer).
 */
final class RealFft {

    private final int n;
    private final FloatFFT_1D plan;
    private final int[] ip;
    private final float[] w;
    private final int nw;
    private final int nc;
    /** For each complex bin k of the natural order, the float index of its real part in the butterflies' output. */
    private final int[] forwardAt;
    /** For each output sample i of the inverse, its index before {@code bitrv2conj}, and its sign flip (a bit mask). */
    private final int[] inverseAt;
    private final int[] inverseFlip;

    RealFft(int n) {
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size " + n + " is not a power of two");
        }
        this.n = n;
        plan = new FloatFFT_1D(n);
        // the same tables as FloatFFT_1D's split-radix plan
        ip = new int[2 + (int) Math.ceil(2 + (1 << (int) (Math.log(n + 0.5f) / Math.log(2)) / 2))];
        w = new float[n];
        nw = n >> 1;
        CommonUtils.makewt(nw, ip, w);
        nc = n >> 2;
        CommonUtils.makect(nc, w, nw, ip);
        forwardAt = new int[n / 2];
        inverseAt = new int[n];
        inverseFlip = new int[n];
        if (n > 32) {
            // label every float with its index + 1 and let JTransforms' permutations move the labels
            float[] label = new float[n];
            for (int i = 0; i < n; i++) {
                label[i] = i + 1;
            }
            CommonUtils.bitrv2(n, ip, label, 0);
            for (int k = 0; k < n / 2; k++) {
                int re = (int) label[2 * k] - 1;
                if ((re & 1) != 0 || (int) label[2 * k + 1] - 1 != re + 1) {
                    throw new IllegalStateException("bitrv2 does not move complex pairs together");
                }
                forwardAt[k] = re;
            }
            for (int i = 0; i < n; i++) {
                label[i] = i + 1;
            }
            CommonUtils.bitrv2conj(n, ip, label, 0);
            for (int i = 0; i < n; i++) {
                inverseAt[i] = (int) Math.abs(label[i]) - 1;
                inverseFlip[i] = label[i] < 0 ? 0x80000000 : 0;
            }
        }
    }

    int size() {
        return n;
    }

    /** Whether JTransforms would run the single-threaded split-radix path this class mirrors. */
    private boolean fused() {
        return n > 32 && !(ConcurrencyUtils.getNumberOfThreads() > 1 && n >= CommonUtils.getThreadsBeginN_1D_FFT_2Threads());
    }

    /** {@code cftfsub} without its final {@code bitrv2}. */
    private void butterfliesForward(float[] a) {
        CommonUtils.cftf1st(n, a, 0, w, nw - (n >> 2));
        leaves(a);
    }

    /** {@code cftbsub} without its final {@code bitrv2conj}. */
    private void butterfliesInverse(float[] a) {
        CommonUtils.cftb1st(n, a, 0, w, nw - (n >> 2));
        leaves(a);
    }

    private void leaves(float[] a) {
        if (n > 512) {
            CommonUtils.cftrec4(n, a, 0, nw, w);
        } else if (n > 128) {
            CommonUtils.cftleaf(n, 1, a, 0, nw, w);
        } else {
            CommonUtils.cftfx41(n, a, 0, nw, w);
        }
    }

    /**
     * The power spectrum of {@code a[0..n)} into {@code power[0..n/2]}: bit-identical to
     * {@code realForward(a)} followed by {@code power[k] = (double) re * re + (double) im * im}.
     * Destroys {@code a}.
     */
    void powerSpectrum(float[] a, double[] power) {
        int m = n >> 1;
        if (!fused()) {
            plan.realForward(a);
            power[0] = (double) a[0] * a[0];
            power[m] = (double) a[1] * a[1];
            for (int k = 1; k < m; k++) {
                double re = a[2 * k];
                double im = a[2 * k + 1];
                power[k] = re * re + im * im;
            }
            return;
        }
        butterfliesForward(a);
        int[] at = forwardAt;
        float[] c = w;
        int ks = 2 * nc / m;
        int kk = 0;
        // rftfsub on the pairs (j, n - j), reading the bit-reversed positions
        for (int j = 2; j < m; j += 2) {
            int k = n - j;
            kk += ks;
            float wkr = 0.5f - c[nw + nc - kk];
            float wki = c[nw + kk];
            int pj = at[j >> 1];
            int pk = at[k >> 1];
            float ajr = a[pj];
            float aji = a[pj + 1];
            float akr = a[pk];
            float aki = a[pk + 1];
            float xr = ajr - akr;
            float xi = aji + aki;
            float yr = wkr * xr - wki * xi;
            float yi = wkr * xi + wki * xr;
            double jr = ajr - yr;
            double ji = yi - aji;
            double kr = akr + yr;
            double ki = yi - aki;
            power[j >> 1] = jr * jr + ji * ji;
            power[k >> 1] = kr * kr + ki * ki;
        }
        int pm = at[m >> 1];
        double mr = a[pm];
        double mi = -a[pm + 1];
        power[m >> 1] = mr * mr + mi * mi;
        float a0 = a[at[0]];
        float a1 = a[at[0] + 1];
        float nyquist = a0 - a1;
        float dc = a0 + a1;
        power[0] = (double) dc * dc;
        power[m] = (double) nyquist * nyquist;
    }

    /**
     * The unscaled autocorrelation of {@code a[0..n)} at lags {@code 0..r.length-1} into
     * {@code r}: bit-identical to {@link AnalysisTables#autocorrelation} (realForward, float
     * power spectrum, unscaled realInverse). Destroys {@code a}; {@code scratch} has length n.
     */
    void autocorrelation(float[] a, float[] scratch, float[] r) {
        if (!fused()) {
            System.arraycopy(AnalysisTables.autocorrelation(plan, a), 0, r, 0, r.length);
            return;
        }
        int m = n >> 1;
        butterfliesForward(a);
        int[] at = forwardAt;
        float[] c = w;
        float[] b = scratch;
        int ks = 2 * nc / m;
        int kk = 0;
        for (int j = 2; j < m; j += 2) {
            int k = n - j;
            kk += ks;
            float wkr = 0.5f - c[nw + nc - kk];
            float wki = c[nw + kk];
            int pj = at[j >> 1];
            int pk = at[k >> 1];
            float ajr = a[pj];
            float aji = a[pj + 1];
            float akr = a[pk];
            float aki = a[pk + 1];
            // realForward's rftfsub
            float xr = ajr - akr;
            float xi = aji + aki;
            float yr = wkr * xr - wki * xi;
            float yi = wkr * xi + wki * xr;
            float jr = ajr - yr;
            float ji = yi - aji;
            float kr = akr + yr;
            float ki = yi - aki;
            // the power spectrum, imaginary parts 0
            float pjr = jr * jr + ji * ji;
            float pji = 0f;
            float pkr = kr * kr + ki * ki;
            float pki = 0f;
            // realInverse's rftfsub
            float ur = pjr - pkr;
            float ui = pji + pki;
            float vr = wkr * ur - wki * ui;
            float vi = wkr * ui + wki * ur;
            b[j] = pjr - vr;
            b[j + 1] = vi - pji;
            b[k] = pkr + vr;
            b[k + 1] = vi - pki;
        }
        int pm = at[m >> 1];
        float mr = a[pm];
        float mi = -a[pm + 1];
        b[m] = mr * mr + mi * mi;
        b[m + 1] = -0f;
        float a0 = a[at[0]];
        float a1 = a[at[0] + 1];
        float nyquist = a0 - a1;
        float dc = a0 + a1;
        float p0 = dc * dc;
        float p1 = nyquist * nyquist;
        float b1 = 0.5f * (p0 - p1);
        b[1] = b1;
        b[0] = p0 - b1;
        butterfliesInverse(b);
        int[] from = inverseAt;
        int[] flip = inverseFlip;
        for (int lag = 0; lag < r.length; lag++) {
            // bitrv2conj negates the imaginary parts: flip the sign bit (exactly what negation does)
            r[lag] = Float.intBitsToFloat(Float.floatToRawIntBits(b[from[lag]]) ^ flip[lag]);
        }
    }
}

package de.stimmung.audio;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulates a narrowband telephone line (G.711 over a lossy network) on a recording, to train
 * and evaluate models on the channel the product serves: the audio is resampled to 8 kHz,
 * scaled by a level change, mixed with white noise at a signal-to-noise ratio, limited to the
 * telephone band (4th-order Butterworth high-pass at {@value #BAND_LOW_HZ} Hz and low-pass at
 * {@value #BAND_HIGH_HZ} Hz, so the noise is band-limited like the speech), companded with
 * G.711 mu-law or A-law, decoded back to floats, and finally loses whole
 * {@value #LOSS_FRAME_MS} ms packets (replaced by silence, as a receiver without concealment
 * plays them).
 *
 * <p>Deterministic: the same settings (including the seed) and input give the same output.
 * Immutable and thread-safe; every call works on its own buffers.
 *
 * @param law           the G.711 companding law
 * @param levelDb       gain applied before the channel, in dB (0 = unchanged; clipped at full scale)
 * @param snrDb         speech-to-noise ratio of the added white noise in dB, measured on the
 *                      input's active part; {@link Double#POSITIVE_INFINITY} adds no noise
 * @param packetLoss    probability in [0, 0.5] that a {@value #LOSS_FRAME_MS} ms packet is lost
 * @param seed          seeds the noise and the packet losses
 */
public record TelephoneChannel(Law law, double levelDb, double snrDb, double packetLoss, long seed) {

    /** Bumped whenever the simulation changes, so cached features of simulated copies are not reused. */
    public static final int REVISION = 1;
    /** The channel's sample rate. */
    public static final int RATE_HZ = 8000;
    /** Lower edge of the telephone band. */
    public static final double BAND_LOW_HZ = 300.0;
    /** Upper edge of the telephone band. */
    public static final double BAND_HIGH_HZ = 3400.0;
    /** Length of one network packet. */
    public static final int LOSS_FRAME_MS = 20;

    /** The two G.711 companding laws. */
    public enum Law {
        MU_LAW, A_LAW;

        /** Linear 16-bit value after one encode-decode round trip. */
        short roundTrip(int linear16) {
            return this == MU_LAW ? G711.muLawToLinear(G711.linearToMuLaw(linear16))
                    : G711.aLawToLinear(G711.linearToALaw(linear16));
        }
    }

    public TelephoneChannel {
        if (law == null) {
            throw new IllegalArgumentException("a telephone channel needs a G.711 law (MU_LAW or A_LAW)");
        }
        if (!Double.isFinite(levelDb) || Math.abs(levelDb) > 60) {
            throw new IllegalArgumentException("level change must be within +-60 dB, got " + levelDb);
        }
        if (Double.isNaN(snrDb) || snrDb < -10) {
            throw new IllegalArgumentException("SNR must be at least -10 dB (or +Infinity for no noise), got " + snrDb);
        }
        if (!(packetLoss >= 0 && packetLoss <= 0.5)) {
            throw new IllegalArgumentException("packet loss must be in [0, 0.5], got " + packetLoss);
        }
    }

    /** A clean line: band limit and companding only, no level change, noise or loss. */
    public static TelephoneChannel clean(Law law) {
        return new TelephoneChannel(law, 0, Double.POSITIVE_INFINITY, 0, 0);
    }

    /**
     * A randomly drawn realistic line, for training copies: either law, level -20..+6 dB, an SNR
     * of 10..35 dB on three draws out of four (else no noise), packet loss of 0..3 % on half the draws.
     */
    public static TelephoneChannel random(SplittableRandom random) {
        Law law = random.nextBoolean() ? Law.MU_LAW : Law.A_LAW;
        double level = -20 + 26 * random.nextDouble();
        double snr = random.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : 10 + 25 * random.nextDouble();
        double loss = random.nextBoolean() ? 0 : 0.03 * random.nextDouble();
        return new TelephoneChannel(law, level, snr, loss, random.nextLong());
    }

    /** A short stable description, e.g. {@code r1,mulaw,-6.00dB,snr20.0,loss0.010,s42}, for cache keys and logs. */
    public String describe() {
        return String.format(Locale.ROOT, "r%d,%s,%.2fdB,snr%s,loss%.4f,s%d", REVISION,
                law == Law.MU_LAW ? "mulaw" : "alaw", levelDb, Double.isInfinite(snrDb) ? "inf" : String.format(Locale.ROOT, "%.2f", snrDb), packetLoss, seed);
    }

    /**
     * Passes a recording through the line.
     *
     * @param samples      mono samples in [-1, 1] (any length, not modified)
     * @param sampleRateHz their rate
     * @return the received audio at {@link #RATE_HZ}
     */
    public PcmAudio apply(float[] samples, int sampleRateHz) {
        float[] x = Resampler.resample(samples, sampleRateHz, RATE_HZ);
        SplittableRandom random = new SplittableRandom(seed);
        float gain = (float) Math.pow(10, levelDb / 20);
        double noiseRms = Double.isInfinite(snrDb) ? 0 : activeRms(x) * gain * Math.pow(10, -snrDb / 20);
        for (int i = 0; i < x.length; i++) {
            double noise = noiseRms == 0 ? 0 : noiseRms * gaussian(random);
            x[i] = (float) (x[i] * gain + noise);
        }
        bandLimit(x);
        for (int i = 0; i < x.length; i++) {
            x[i] = law.roundTrip(Linear16.fromFloat(x[i])) / 32768f;
        }
        if (packetLoss > 0) {
            int frame = RATE_HZ * LOSS_FRAME_MS / 1000;
            for (int start = 0; start < x.length; start += frame) {
                if (random.nextDouble() < packetLoss) {
                    java.util.Arrays.fill(x, start, Math.min(x.length, start + frame), 0f);
                }
            }
        }
        return new PcmAudio(x, RATE_HZ);
    }

    /** RMS over the 20 ms blocks within 40 dB of the loudest one (so padding does not lower the SNR's reference). */
    static double activeRms(float[] x) {
        int block = RATE_HZ / 50;
        int blocks = (x.length + block - 1) / block;
        double[] energy = new double[blocks];
        double max = 0;
        for (int b = 0; b < blocks; b++) {
            double e = 0;
            int end = Math.min(x.length, (b + 1) * block);
            for (int i = b * block; i < end; i++) {
                e += (double) x[i] * x[i];
            }
            energy[b] = e / Math.max(1, end - b * block);
            max = Math.max(max, energy[b]);
        }
        double sum = 0;
        int count = 0;
        for (double e : energy) {
            if (e >= max * 1e-4 && e > 0) {
                sum += e;
                count++;
            }
        }
        return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** In place: two high-pass and two low-pass Butterworth sections (4th order each). */
    private static void bandLimit(float[] x) {
        double q1 = 0.54119610;  // 1 / (2 cos(3 pi / 8)): the two sections of a 4th-order Butterworth
        double q2 = 1.30656296;  // 1 / (2 cos(pi / 8))
        Biquad.highPass(BAND_LOW_HZ, q1).filter(x);
        Biquad.highPass(BAND_LOW_HZ, q2).filter(x);
        Biquad.lowPass(BAND_HIGH_HZ, q1).filter(x);
        Biquad.lowPass(BAND_HIGH_HZ, q2).filter(x);
    }

    /** A second-order section at {@link #RATE_HZ} (RBJ cookbook coefficients, direct form I). */
    private record Biquad(double b0, double b1, double b2, double a1, double a2) {

        static Biquad lowPass(double hz, double q) {
            double w = 2 * Math.PI * hz / RATE_HZ;
            double alpha = Math.sin(w) / (2 * q);
            double cos = Math.cos(w);
            double a0 = 1 + alpha;
            return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        static Biquad highPass(double hz, double q) {
            double w = 2 * Math.PI * hz / RATE_HZ;
            double alpha = Math.sin(w) / (2 * q);
            double cos = Math.cos(w);
            double a0 = 1 + alpha;
            return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        void filter(float[] x) {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = 0; i < x.length; i++) {
                double in = x[i];
                double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = in;
                y2 = y1;
                y1 = y;
                x[i] = (float) y;
            }
        }
    }
}

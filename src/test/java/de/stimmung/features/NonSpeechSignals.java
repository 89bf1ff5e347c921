package de.stimmung.features;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic set of sounds that are not speech, as telephone and microphone channels
 * carry them: digital and near silence, white, pink and brown noise at several levels, pure
 * tones from 100 to 3000 Hz, DTMF digits (held and dialled), call-progress tones, mains hum
 * with harmonics, click trains, and tones mixed into noise. Every signal is 1 to 3 s long; the
 * same seed and rate give the same set.
 */
final class NonSpeechSignals {

    /** One signal of the set: a name saying what it is, and its samples in [-1, 1]. */
    record Signal(String name, float[] samples) {}

    private static final int[][] DTMF_HZ = {
        {697, 1209}, {697, 1336}, {697, 1477}, {697, 1633}, {770, 1209}, {770, 1336}, {770, 1477}, {770, 1633},
        {852, 1209}, {852, 1336}, {852, 1477}, {852, 1633}, {941, 1209}, {941, 1336}, {941, 1477}, {941, 1633}};

    private final int rateHz;
    private final SplittableRandom random;
    private final List<Signal> out = new ArrayList<>();

    private NonSpeechSignals(int rateHz, long seed) {
        this.rateHz = rateHz;
        this.random = new SplittableRandom(seed);
    }

    /** The whole set at {@code rateHz}. */
    static List<Signal> generate(int rateHz, long seed) {
        NonSpeechSignals s = new NonSpeechSignals(rateHz, seed);
        s.silences();
        s.noises();
        s.tones();
        s.dtmf();
        s.callProgressTones();
        s.hum();
        s.clicks();
        s.tonesInNoise();
        return List.copyOf(s.out);
    }

    private int length() {
        return (int) (rateHz * (1.0 + 2.0 * random.nextDouble()));
    }

    private void add(String name, float[] x) {
        out.add(new Signal(name + " @" + rateHz + "Hz", x));
    }

    private void silences() {
        add("digital silence", new float[length()]);
        for (double db : new double[] {-96, -84, -72}) {
            add("dither " + db + " dBFS", scaleToRms(white(length()), db));
        }
    }

    private void noises() {
        for (double db : new double[] {-60, -45, -30, -20, -12, -6}) {
            for (int k = 0; k < 3; k++) {
                add("white noise " + db + " dBFS", scaleToRms(white(length()), db));
                add("pink noise " + db + " dBFS", scaleToRms(pink(length()), db));
                add("brown noise " + db + " dBFS", scaleToRms(brown(length()), db));
            }
        }
    }

    private void tones() {
        int count = 40;
        for (int i = 0; i < count; i++) {
            double hz = 100 * Math.pow(30.0, i / (count - 1.0));
            double amplitude = Math.pow(10, (-40 + 37 * random.nextDouble()) / 20);
            add(String.format(java.util.Locale.ROOT, "tone %.0f Hz", hz), tone(length(), hz, amplitude));
        }
    }

    private void dtmf() {
        for (int[] pair : DTMF_HZ) {
            float[] x = new float[length()];
            mix(x, tone(x.length, pair[0], 0.2));
            mix(x, tone(x.length, pair[1], 0.25));
            add("DTMF held " + pair[0] + "+" + pair[1] + " Hz", x);
        }
        for (int k = 0; k < 16; k++) {
            // a dialled number: digits of 70..150 ms with 60..120 ms gaps, over faint line noise
            float[] x = scaleToRms(white(length()), -70);
            int at = 0;
            while (at < x.length) {
                int[] pair = DTMF_HZ[random.nextInt(DTMF_HZ.length)];
                int on = (int) (rateHz * (0.07 + 0.08 * random.nextDouble()));
                int gap = (int) (rateHz * (0.06 + 0.06 * random.nextDouble()));
                for (int i = 0; i < on && at + i < x.length; i++) {
                    double t = (double) i / rateHz;
                    x[at + i] += (float) (0.2 * Math.sin(2 * Math.PI * pair[0] * t) + 0.25 * Math.sin(2 * Math.PI * pair[1] * t));
                }
                at += on + gap;
            }
            add("DTMF dialling", x);
        }
    }

    private void callProgressTones() {
        // German dial, ringback and busy tones (425 Hz), the North American dial tone (350+440 Hz)
        double[][] cadences = {{1, 0}, {1, 4}, {0.48, 0.48}, {0.24, 0.24}};
        for (double[] cadence : cadences) {
            float[] x = tone(length(), 425, 0.3);
            gate(x, cadence[0], cadence[1]);
            add("425 Hz tone " + cadence[0] + " s on " + cadence[1] + " s off", x);
        }
        float[] x = tone(length(), 350, 0.2);
        mix(x, tone(x.length, 440, 0.2));
        add("dial tone 350+440 Hz", x);
    }

    private void hum() {
        for (int mains : new int[] {50, 60}) {
            for (int harmonics : new int[] {1, 3, 8, 20}) {
                for (double db : new double[] {-40, -20}) {
                    float[] x = new float[length()];
                    for (int k = 1; k <= harmonics; k++) {
                        mix(x, tone(x.length, k * mains, 1.0 / k));
                    }
                    x = scaleToRms(x, db);
                    mix(x, scaleToRms(white(x.length), db - 30));
                    add(mains + " Hz hum, " + harmonics + " harmonics, " + db + " dBFS", x);
                }
            }
        }
    }

    private void clicks() {
        for (double perSecond : new double[] {2, 5, 10, 25, 50, 100, 150, 200}) {
            float[] x = new float[length()];
            int period = (int) (rateHz / perSecond);
            for (int i = 0; i < x.length; i += period) {
                x[i] = 0.8f;
                if (i + 1 < x.length) {
                    x[i + 1] = -0.4f;
                }
            }
            add("click train " + perSecond + "/s", x);
        }
        for (int k = 0; k < 6; k++) {
            float[] x = scaleToRms(white(length()), -65);
            double rate = 3 + 40 * random.nextDouble();
            for (int i = 0; i < x.length; i += 1 + (int) (-Math.log(1 - random.nextDouble()) * rateHz / rate)) {
                x[i] += (float) (random.nextBoolean() ? 0.7 : -0.7);
            }
            add("random clicks " + Math.round(rate) + "/s", x);
        }
    }

    private void tonesInNoise() {
        for (int k = 0; k < 24; k++) {
            double hz = 100 * Math.pow(30.0, random.nextDouble());
            double snrDb = -5 + 30 * random.nextDouble();
            float[] noise = k % 2 == 0 ? white(length()) : pink(length());
            noise = scaleToRms(noise, -30);
            float[] x = tone(noise.length, hz, Math.sqrt(2) * Math.pow(10, (-30 + snrDb) / 20));
            mix(x, noise);
            add(String.format(java.util.Locale.ROOT, "tone %.0f Hz in %s noise, SNR %.0f dB", hz,
                    k % 2 == 0 ? "white" : "pink", snrDb), x);
        }
    }

    private float[] tone(int n, double hz, double amplitude) {
        double phase = 2 * Math.PI * random.nextDouble();
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rateHz + phase));
        }
        return x;
    }

    private void gate(float[] x, double onSec, double offSec) {
        if (offSec == 0) {
            return;
        }
        int on = (int) (onSec * rateHz);
        int cycle = on + (int) (offSec * rateHz);
        for (int i = 0; i < x.length; i++) {
            if (i % cycle >= on) {
                x[i] = 0;
            }
        }
    }

    private float[] white(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        return x;
    }

    /** Pink (1/f) noise by Paul Kellet's refined filter of white noise. */
    private float[] pink(int n) {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double w = 2 * random.nextDouble() - 1;
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
            b6 = w * 0.115926;
        }
        return x;
    }

    /** Brown (1/f^2) noise: leakily integrated white noise. */
    private float[] brown(int n) {
        double y = 0;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            y = 0.998 * y + (2 * random.nextDouble() - 1);
            x[i] = (float) y;
        }
        return x;
    }

    private static float[] scaleToRms(float[] x, double dbfs) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        double rms = Math.sqrt(sum / x.length);
        double gain = rms == 0 ? 0 : Math.pow(10, dbfs / 20) / rms;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.max(-1, Math.min(1, x[i] * gain));
        }
        return x;
    }

    private static void mix(float[] into, float[] x) {
        for (int i = 0; i < into.length; i++) {
            into[i] += x[i];
        }
    }
}

package de.stimmung.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TelephoneChannelTest {

    private static final int RATE = 16000;

    private static double gainDb(TelephoneChannel channel, double hz) {
        float[] in = Tones.sine(hz, RATE, RATE, 0.3);
        float[] out = channel.apply(in, RATE).samples();
        // Skip the filters' settling at the start and the resampler's tail.
        double a = Tones.amplitudeAt(out, 2000, 7000, hz, TelephoneChannel.RATE_HZ);
        return 20 * Math.log10(a / 0.3);
    }

    @ParameterizedTest
    @EnumSource(TelephoneChannel.Law.class)
    void voiceBandPassesAndOutsideIsAttenuated(TelephoneChannel.Law law) {
        TelephoneChannel line = TelephoneChannel.clean(law);
        for (double hz : new double[] {500, 1000, 2000, 3000}) {
            double g = gainDb(line, hz);
            assertTrue(Math.abs(g) < 1.5, hz + " Hz should pass within 1.5 dB, gain " + g + " dB");
        }
        assertTrue(gainDb(line, 100) < -20, "100 Hz should be cut by > 20 dB, gain " + gainDb(line, 100));
        assertTrue(gainDb(line, 3900) < -20, "3900 Hz should be cut by > 20 dB, gain " + gainDb(line, 3900));
    }

    @Test
    void outputIsAtEightKilohertzWithTheInputsDuration() {
        PcmAudio out = TelephoneChannel.clean(TelephoneChannel.Law.MU_LAW).apply(new float[22050 * 2], 22050);
        assertEquals(8000, out.sampleRateHz());
        assertEquals(16000, out.length());
    }

    @Test
    void companderQuantisesToG711Levels() {
        float[] out = TelephoneChannel.clean(TelephoneChannel.Law.A_LAW).apply(Tones.sine(1000, RATE, RATE, 0.5), RATE)
                .samples();
        long distinct = Arrays.stream(box(out)).distinct().count();
        assertTrue(distinct <= 256, "A-law has at most 256 levels, got " + distinct);
    }

    @Test
    void addedNoiseMatchesTheRequestedSnr() {
        float[] in = Tones.sine(1000, RATE, RATE, 0.3);
        TelephoneChannel quiet = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, 0, Double.POSITIVE_INFINITY, 0, 7);
        TelephoneChannel noisy = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, 0, 20, 0, 7);
        float[] a = quiet.apply(in, RATE).samples();
        float[] b = noisy.apply(in, RATE).samples();
        double signal = 0;
        double noise = 0;
        for (int i = 2000; i < 7000; i++) {
            signal += a[i] * a[i];
            noise += (b[i] - a[i]) * (b[i] - a[i]);
        }
        // White noise loses the part of its power outside 300-3400 Hz of 0-4000 Hz, about 1.1 dB.
        double snr = 10 * Math.log10(signal / noise);
        assertTrue(snr > 19 && snr < 23.5, "expected about 21 dB after the band limit, measured " + snr);
    }

    @Test
    void levelChangeScalesTheSignal() {
        float[] in = Tones.sine(1000, RATE, RATE, 0.2);
        TelephoneChannel down = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, -12, Double.POSITIVE_INFINITY, 0, 1);
        double a = Tones.amplitudeAt(down.apply(in, RATE).samples(), 2000, 7000, 1000, 8000);
        assertEquals(0.2 * Math.pow(10, -12 / 20.0), a, 0.01);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2})
    void packetLossSilencesWholeTwentyMillisecondPackets(double loss) {
        float[] in = Tones.sine(1000, RATE, RATE * 20, 0.3);
        float[] out = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, 0, Double.POSITIVE_INFINITY, loss, 3)
                .apply(in, RATE).samples();
        int frame = 160;
        int lost = 0;
        int frames = out.length / frame;
        for (int f = 1; f < frames - 1; f++) {
            boolean allZero = true;
            for (int i = f * frame; i < (f + 1) * frame && allZero; i++) {
                allZero = out[i] == 0f;
            }
            lost += allZero ? 1 : 0;
        }
        double rate = (double) lost / (frames - 2);
        assertEquals(loss, rate, loss * 0.35, "measured packet loss " + rate);
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherNoise() {
        float[] in = Tones.sineWithNoise(RATE, RATE, 5);
        TelephoneChannel a = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, -3, 15, 0.02, 11);
        TelephoneChannel b = new TelephoneChannel(TelephoneChannel.Law.MU_LAW, -3, 15, 0.02, 12);
        assertArrayEquals(a.apply(in, RATE).samples(), a.apply(in, RATE).samples());
        assertFalse(Arrays.equals(a.apply(in, RATE).samples(), b.apply(in, RATE).samples()));
    }

    @Test
    void randomLinesStayWithinTheirRanges() {
        SplittableRandom random = new SplittableRandom(1);
        int muLaw = 0;
        for (int i = 0; i < 500; i++) {
            TelephoneChannel c = TelephoneChannel.random(random);
            assertTrue(c.levelDb() >= -20 && c.levelDb() <= 6, c.describe());
            assertTrue(Double.isInfinite(c.snrDb()) || (c.snrDb() >= 10 && c.snrDb() <= 35), c.describe());
            assertTrue(c.packetLoss() >= 0 && c.packetLoss() <= 0.03, c.describe());
            muLaw += c.law() == TelephoneChannel.Law.MU_LAW ? 1 : 0;
        }
        assertTrue(muLaw > 200 && muLaw < 300, "both laws are drawn, mu-law " + muLaw + " of 500");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TelephoneChannel(TelephoneChannel.Law.MU_LAW, 0, Double.POSITIVE_INFINITY, 0.9, 0));
        assertTrue(e.getMessage().contains("0.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TelephoneChannel(null, 0, Double.POSITIVE_INFINITY, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TelephoneChannel(TelephoneChannel.Law.A_LAW, 0, Double.NaN, 0, 0));
    }

    private static Float[] box(float[] x) {
        Float[] out = new Float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}

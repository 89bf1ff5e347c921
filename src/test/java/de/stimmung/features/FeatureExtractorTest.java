package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureExtractorTest {

    private static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    private static final int RATE = 16000;

    static float value(float[] v, String name) {
        int i = FX.featureNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + name);
        }
        return v[i];
    }

    static double medianF0Hz(float[] v) {
        return 27.5 * Math.pow(2, value(v, "f0Semitones_pctl50") / 12.0);
    }

    static void assertAllFinite(float[] v) {
        List<String> names = FX.featureNames();
        assertEquals(names.size(), v.length, "vector length");
        for (int i = 0; i < v.length; i++) {
            assertTrue(Float.isFinite(v[i]), names.get(i) + " is " + v[i]);
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {75, 110, 147.5, 220, 310, 440})
    void pitchOfASineIsWithinOnePercent(double hz) {
        float[] v = FX.extract(Signals.sine(hz, 0.5, 1.0, RATE), RATE);
        double f0 = medianF0Hz(v);
        assertEquals(hz, f0, hz * 0.01, "median F0 of a " + hz + " Hz sine");
        assertTrue(value(v, "voicedFraction") > 0.9, "a sine is voiced throughout: " + value(v, "voicedFraction"));
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {90, 140, 205, 260})
    void pitchOfAHarmonicComplexIsWithinOnePercent(double hz) {
        float[] v = FX.extract(Signals.harmonicComplex(hz, 8, 0.5, 1.0, RATE), RATE);
        assertEquals(hz, medianF0Hz(v), hz * 0.01, "median F0 of a harmonic complex on " + hz + " Hz");
    }

    @Test
    void pitchAtTelephoneAndCdRatesIsWithinOnePercent() {
        for (int rate : new int[] {8000, 22050, 44100}) {
            float[] v = FX.extract(Signals.harmonicComplex(180, 3, 0.5, 1.0, rate), rate);
            assertEquals(180, medianF0Hz(v), 1.8, "median F0 at " + rate + " Hz input");
        }
    }

    @Test
    void whiteNoiseIsUnvoicedAndAToneIsVoiced() {
        float[] noise = FX.extract(Signals.whiteNoise(0.3, 1.0, RATE, 7), RATE);
        float[] tone = FX.extract(Signals.sine(200, 0.3, 1.0, RATE), RATE);
        assertTrue(value(noise, "voicedFraction") < 0.1, "noise voiced fraction " + value(noise, "voicedFraction"));
        assertTrue(value(noise, "voicingProb_mean") < 0.4, "noise voicing probability " + value(noise, "voicingProb_mean"));
        assertTrue(value(tone, "voicedFraction") > 0.95, "tone voiced fraction " + value(tone, "voicedFraction"));
        assertTrue(value(tone, "voicingProb_mean") > 0.9, "tone voicing probability " + value(tone, "voicingProb_mean"));
        assertTrue(value(tone, "hnrDb_pctl50") > 20, "tone HNR " + value(tone, "hnrDb_pctl50"));
    }

    @Test
    void flatnessOfWhiteNoiseIsNearOneAndOfAToneNearZero() {
        float[] noise = FX.extract(Signals.whiteNoise(0.3, 1.0, RATE, 11), RATE);
        float[] tone = FX.extract(Signals.sine(1000, 0.3, 1.0, RATE), RATE);
        // magnitude-spectrum flatness of Gaussian-like noise is about 0.85 per frame (Rayleigh bins)
        assertTrue(value(noise, "spectralFlatness_pctl50") > 0.75, "noise flatness " + value(noise, "spectralFlatness_pctl50"));
        assertTrue(value(tone, "spectralFlatness_pctl50") < 0.1, "tone flatness " + value(tone, "spectralFlatness_pctl50"));
        assertTrue(value(noise, "spectralEntropy_pctl50") > 0.9, "noise entropy " + value(noise, "spectralEntropy_pctl50"));
        assertTrue(value(tone, "spectralEntropy_pctl50") < 0.5, "tone entropy " + value(tone, "spectralEntropy_pctl50"));
    }

    @Test
    void centroidAndRolloffOfAToneSitAtItsFrequency() {
        float[] tone = FX.extract(Signals.sine(1500, 0.3, 1.0, RATE), RATE);
        assertEquals(1500, value(tone, "spectralCentroidHz_pctl50"), 40, "centroid of a 1500 Hz tone");
        assertEquals(1500, value(tone, "spectralRolloff50Hz_pctl50"), 40, "50 % roll-off of a 1500 Hz tone");
    }

    @Test
    void loudestMelBandOfAToneIsTheBandAroundIt() {
        float[] tone = FX.extract(Signals.sine(1000, 0.3, 1.0, RATE), RATE);
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int b = 1; b <= 26; b++) {
            float e = value(tone, String.format(java.util.Locale.ROOT, "logMel%02d_mean", b));
            if (e > max) {
                max = e;
                best = b;
            }
        }
        // band b (1-based) peaks at mel(20 Hz) + b * (mel(8000) - mel(20)) / 27; 1000 Hz is band 10's centre region
        double melLo = AnalysisTables.hzToMel(20);
        double step = (AnalysisTables.hzToMel(8000) - melLo) / 27;
        int expected = (int) Math.round((AnalysisTables.hzToMel(1000) - melLo) / step);
        assertEquals(expected, best, "loudest mel band of a 1 kHz tone");
    }

    @Test
    void doublingTheAmplitudeShiftsC0BySqrtBandsTimesLn4AndLeavesTheRestAlone() {
        float[] x = Signals.whiteNoise(0.1, 1.0, RATE, 5);
        float[] a = FX.extract(x, RATE);
        float[] b = FX.extract(Signals.scale(x, 2.0), RATE);
        double expected = Math.sqrt(26) * Math.log(4);
        assertEquals(expected, value(b, "mfcc00_mean") - value(a, "mfcc00_mean"), 1e-3, "c0 shift");
        for (int c = 1; c < 13; c++) {
            String n = String.format(java.util.Locale.ROOT, "mfcc%02d_mean", c);
            assertEquals(value(a, n), value(b, n), 1e-3, n + " must not depend on level");
        }
        assertEquals(20 * Math.log10(2), value(b, "rmsDb_mean") - value(a, "rmsDb_mean"), 1e-3, "rms level shift");
    }

    @Test
    void deltaOfAnExponentialEnvelopeIsItsLogSlope() {
        // amplitude e^(alpha t): every ln mel energy rises by 2 alpha per second, so c0 rises by
        // sqrt(26) * 2 alpha * 0.01 s per frame
        double alpha = 1.5;
        float[] x = Signals.whiteNoise(0.02, 1.5, RATE, 3);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) Math.exp(alpha * i / RATE);
        }
        float[] v = FX.extract(x, RATE);
        double expected = Math.sqrt(26) * 2 * alpha * 0.01;
        assertEquals(expected, value(v, "mfcc00Delta_pctl50"), expected * 0.1, "median c0 delta per frame");
        assertEquals(0, value(v, "mfcc00DeltaDelta_pctl50"), expected * 0.1, "median c0 delta-delta");
    }

    @Test
    void silenceGivesAFiniteUnvoicedVector() {
        float[] v = FX.extract(new float[RATE], RATE);
        assertAllFinite(v);
        assertEquals(0f, value(v, "voicedFraction"));
    }

    @Test
    void badButFiniteAudioGivesFiniteVectors() {
        float[] clipped = Signals.sine(150, 3.0, 1.0, RATE);
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.max(-1f, Math.min(1f, clipped[i]));
        }
        assertAllFinite(FX.extract(Signals.whiteNoise(1.0, 1.0, RATE, 1), RATE));
        float[] c = FX.extract(clipped, RATE);
        assertAllFinite(c);
        assertEquals(150, medianF0Hz(c), 1.5, "pitch of a clipped 150 Hz sine");
        float[] tiny = FX.extract(Signals.sine(200, 0.5, 0.010, RATE), RATE);
        assertAllFinite(tiny);
        assertAllFinite(FX.extract(new float[] {0.5f}, RATE));
        assertAllFinite(FX.extract(Signals.sine(200, 1e-6, 0.5, RATE), RATE));
    }

    @Test
    void dcOffsetDoesNotChangePitchOrZeroCrossings() {
        float[] x = Signals.harmonicComplex(160, 4, 0.3, 1.0, RATE);
        float[] clean = FX.extract(x, RATE);
        float[] offset = FX.extract(Signals.add(x, 0.4), RATE);
        assertEquals(medianF0Hz(clean), medianF0Hz(offset), 1.6, "F0 with a 0.4 DC offset");
        assertEquals(value(clean, "zcr_pctl50"), value(offset, "zcr_pctl50"), 0.01, "zero-crossing rate with DC");
    }

    @Test
    void nanAndInfiniteSamplesAreRejectedWithTheirPosition() {
        float[] x = Signals.sine(200, 0.5, 0.5, RATE);
        x[1234] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FX.extract(x, RATE));
        assertTrue(e.getMessage().contains("1234") && e.getMessage().contains("NaN"), e.getMessage());
        x[1234] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> FX.extract(x, RATE));
    }

    @Test
    void aRejectedChunkLeavesTheUtteranceUsable() {
        float[] good = Signals.sine(200, 0.5, 0.5, RATE);
        UtteranceExtraction u = FX.start(RATE);
        u.accept(good, 0, 4000);
        assertThrows(IllegalArgumentException.class, () -> u.accept(new float[] {0f, Float.NaN}));
        u.accept(good, 4000, good.length - 4000);
        org.junit.jupiter.api.Assertions.assertArrayEquals(FX.extract(good, RATE), u.finish());
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {0, -16000, 1000, 3999, 192001, 1_000_000})
    void unsupportedSampleRatesAreRejectedClearly(int rate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FX.start(rate));
        assertTrue(e.getMessage().contains(String.valueOf(rate)) && e.getMessage().contains("4000..192000"), e.getMessage());
    }

    @Test
    void emptyAndFinishedUtterancesAreErrors() {
        assertThrows(IllegalStateException.class, () -> FX.start(RATE).finish());
        UtteranceExtraction u = FX.start(RATE);
        u.accept(new float[100]);
        u.finish();
        assertThrows(IllegalStateException.class, u::finish);
        assertThrows(IllegalStateException.class, () -> u.accept(new float[1]));
    }

    @Test
    void resetSessionGivesTheSameVectorAsAFreshOne() {
        float[] a = Signals.speechLike(1.2, RATE, 1);
        float[] b = Signals.speechLike(0.8, 22050, 2);
        UtteranceExtraction u = FX.start(RATE);
        u.accept(a);
        u.finish();
        u.reset(22050);
        u.accept(b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(FX.extract(b, 22050), u.finish());
    }
}

package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

    @Test
    void versionIsStableAcrossInstances() {
        assertEquals(FeatureSpec.defaults().version(), FeatureSpec.defaults().version());
        assertTrue(FeatureSpec.defaults().version().matches("[0-9a-f]{16}"), FeatureSpec.defaults().version());
    }

    @Test
    void anyParameterChangeChangesTheVersion() {
        FeatureSpec d = FeatureSpec.defaults();
        FeatureSpec other = new FeatureSpec(d.sampleRateHz(), d.frameMs(), d.hopMs(), d.fftSize(), d.melBands(),
                d.melMinHz(), d.melMaxHz(), d.mfccCount(), d.preEmphasis(), d.deltaWindow(), d.pitchRateHz(),
                d.pitchWindowMs(), d.pitchMinHz(), d.pitchMaxHz(), 0.5, d.silenceDbfs(), d.activeRangeDb());
        assertNotEquals(d.version(), other.version());
    }

    @Test
    void featureNamesAreUniqueAndMatchTheDimension() {
        List<String> names = FeatureSpec.defaults().featureNames();
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate feature names");
        assertEquals(names.size(), FeatureExtractor.withDefaults().extract(new float[1600], 16000).length);
        assertTrue(names.size() > 1000, "a rich set: " + names.size());
        assertTrue(names.contains("f0Semitones_pctl50") && names.contains("mfcc12DeltaDelta_slopePerSec"));
    }

    @Test
    void invalidParametersAreRejectedByName() {
        FeatureSpec d = FeatureSpec.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeatureSpec(16000, 25, 10,
                300, 26, 20, 8000, 13, 0.97, 2, 8000, 40, 60, 500, 0.45, -60, 50));
        assertTrue(e.getMessage().contains("fftSize"), e.getMessage());
        assertEquals(d, FeatureSpec.defaults());
    }

    @Test
    void describeListsEveryFeature() {
        FeatureSpec d = FeatureSpec.defaults();
        assertEquals(d.dimension() + 2, d.describe().size());
        assertTrue(d.describe().get(0).contains(d.version()));
    }

    @Test
    void regressionDeltaOfALinearRampIsItsSlopeInside() {
        float[] ramp = new float[20];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 3f * i;
        }
        for (int t = 2; t < 18; t++) {
            assertEquals(3.0, UtteranceExtraction.regressionDelta(ramp, 20, t, 2), 1e-9, "delta at " + t);
        }
        // at the first frame the clamped window sees (3-0)*1 + (6-0)*2 = 15 over 10
        assertEquals(1.5, UtteranceExtraction.regressionDelta(ramp, 20, 0, 2), 1e-9);
    }
}

package de.stimmung.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GenderGapTest {

    @Test
    void theGapsErrorComesFromBothGendersSampleSpreads() {
        PipelineEvaluation.GenderGap g = PipelineEvaluation.GenderGap.of(new double[] {0.6, 0.7, 0.8, 0.7},
                new double[] {0.5, 0.6, 0.7, 0.6});
        assertEquals(0.1, g.gap(), 1e-12);
        // each gender: sample variance (0.01 + 0 + 0.01 + 0) / 3, over 4 speakers
        assertEquals(Math.sqrt(2 * (0.02 / 3) / 4), g.standardError(), 1e-12);
        assertEquals(0.1, PipelineEvaluation.GenderGap.of(new double[] {0.5, 0.6, 0.7, 0.6},
                new double[] {0.6, 0.7, 0.8, 0.7}).gap(), 1e-12, "the gap is unsigned");
    }

    @Test
    void oneSpeakerOfAGenderHasNoError() {
        assertThrows(IllegalArgumentException.class,
                () -> PipelineEvaluation.GenderGap.of(new double[] {0.6}, new double[] {0.5, 0.6}));
    }
}

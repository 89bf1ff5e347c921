package de.stimmung.stream.monitor;

import static de.stimmung.stream.monitor.Utterances.peaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.model.Emotion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SustainedEmotionRuleTest {

    final SustainedEmotionRule rule = new SustainedEmotionRule(AlertRuleSettings.defaults());

    @Test
    void threeAngryUtterancesAtSixtyPercentMeanRaise() {
        List<Map<String, Double>> w = List.of(peaked(Emotion.ANGER, 0.5), peaked(Emotion.ANGER, 0.6), peaked(Emotion.ANGER, 0.7));
        assertTrue(rule.raises(w));
        assertEquals("anger", rule.score(w).emotion());
        assertEquals(0.6, rule.score(w).mean(), 1e-12);
    }

    @Test
    void meanJustBelowTheThresholdDoesNotRaise() {
        List<Map<String, Double>> w = List.of(peaked(Emotion.ANGER, 0.5), peaked(Emotion.ANGER, 0.6), peaked(Emotion.ANGER, 0.69));
        assertFalse(rule.raises(w), "mean " + rule.score(w).mean());
    }

    @Test
    void twoUtterancesAreNotAFullWindow() {
        assertFalse(rule.raises(List.of(peaked(Emotion.ANGER, 0.9), peaked(Emotion.ANGER, 0.9))));
    }

    @Test
    void theStrongestWatchedEmotionIsTheScoreAndUnwatchedOnesNeverRaise() {
        List<Map<String, Double>> fear = List.of(peaked(Emotion.FEAR, 0.9), peaked(Emotion.FEAR, 0.8), peaked(Emotion.FEAR, 0.7));
        assertEquals("fear", rule.score(fear).emotion());
        assertTrue(rule.raises(fear));
        List<Map<String, Double>> sad = List.of(peaked(Emotion.SADNESS, 0.95), peaked(Emotion.SADNESS, 0.95), peaked(Emotion.SADNESS, 0.95));
        assertFalse(rule.raises(sad));
    }

    @Test
    void calmMeansTheTopEmotionIsNotWatched() {
        assertTrue(rule.isCalm(peaked(Emotion.NEUTRAL, 0.4)));
        assertTrue(rule.isCalm(peaked(Emotion.HAPPINESS, 0.9)));
        assertFalse(rule.isCalm(peaked(Emotion.DISGUST, 0.3)));
        assertFalse(rule.isCalm(Map.of()), "no probabilities is not calm (it is no speech)");
    }

    @Test
    void missingLabelsCountAsZeroAndAnEmptyWindowScoresZero() {
        assertEquals(0.0, rule.score(List.of()).mean());
        assertEquals(0.3, rule.score(List.of(Map.of("anger", 0.9), Map.of(), Map.of())).mean(), 1e-12);
    }

    @Test
    void settingsRefuseUnknownEmotionsAndBadThresholdsNamingTheValidSet() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AlertRuleSettings(0, List.of("rage"), 3, 0.6, 3));
        assertTrue(e.getMessage().contains("anger"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AlertRuleSettings(0, List.of("anger"), 3, 1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> new AlertRuleSettings(0, List.of("anger"), 0, 0.6, 3));
        assertEquals("mean anger|fear|disgust over the last 3 customer utterances >= 0.60; cleared after 3 calm utterances",
                AlertRuleSettings.defaults().describe());
    }
}

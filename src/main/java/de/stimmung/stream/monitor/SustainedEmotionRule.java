package de.stimmung.stream.monitor;

import java.util.List;
import java.util.Map;

/**
 * The escalation rule, pure: the mean probability of each watched emotion over the customer's
 * latest utterances; the strongest one is the score. A full window whose score reaches the
 * threshold raises; consecutive calm utterances clear. Stateless and thread-safe; the state (the
 * window, the calm streak, the open alert) lives in {@link CallViewUpdater}.
 */
public final class SustainedEmotionRule {

    /** A watched emotion and its mean probability over a window, in [0, 1]. */
    public record Score(String emotion, double mean) {
    }

    private final AlertRuleSettings settings;

    public SustainedEmotionRule(AlertRuleSettings settings) {
        this.settings = settings;
    }

    public AlertRuleSettings settings() {
        return settings;
    }

    /**
     * The strongest watched emotion over {@code window} (probability maps, any order); a missing
     * label counts as 0. An empty window scores 0 for the first watched emotion.
     */
    public Score score(List<Map<String, Double>> window) {
        Score best = new Score(settings.watched().get(0), 0);
        if (window.isEmpty()) {
            return best;
        }
        for (String emotion : settings.watched()) {
            double sum = 0;
            for (Map<String, Double> p : window) {
                sum += p.getOrDefault(emotion, 0.0);
            }
            double mean = sum / window.size();
            if (mean > best.mean()) {
                best = new Score(emotion, mean);
            }
        }
        return best;
    }

    /** Whether a window (newest last, at most {@code settings.window()} long) raises an alert: full and at the threshold. */
    public boolean raises(List<Map<String, Double>> window) {
        return window.size() >= settings.window() && score(window).mean() >= settings.raiseAt();
    }

    /** Whether one utterance is calm: its most probable emotion is not a watched one. */
    public boolean isCalm(Map<String, Double> probabilities) {
        String top = null;
        double best = -1;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                top = e.getKey();
            }
        }
        return top != null && !settings.watched().contains(top);
    }

    /** Whether this many consecutive calm utterances clear an open alert. */
    public boolean clears(int calmStreak) {
        return calmStreak >= settings.calmToClear();
    }
}

package de.stimmung.stream.monitor;

import de.stimmung.model.Emotion;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of the escalation rule {@link SustainedEmotionRule}.
 *
 * @param customerChannel the channel that carries the customer (a mono call's only channel counts as the customer)
 * @param watched         the emotions that escalate (lower-case labels), e.g. anger, fear, disgust
 * @param window          how many of the customer's latest utterances with speech are averaged (at least 1)
 * @param raiseAt         a watched emotion whose mean probability over a full window reaches this raises an alert, in (0, 1]
 * @param calmToClear     this many consecutive calm customer utterances clear the alert (at least 1); an
 *                        utterance is calm when its most probable emotion is not a watched one
 */
public record AlertRuleSettings(int customerChannel, List<String> watched, int window, double raiseAt, int calmToClear) {

    public AlertRuleSettings {
        watched = watched.stream().map(w -> Emotion.fromLabel(w.trim()).label()).distinct().toList();
        if (watched.isEmpty()) {
            throw new IllegalArgumentException("the alert rule watches no emotion; name at least one of " + Emotion.labels());
        }
        if (window < 1 || calmToClear < 1) {
            throw new IllegalArgumentException("alert window (" + window + ") and calm utterances to clear ("
                    + calmToClear + ") must be at least 1");
        }
        if (!(raiseAt > 0 && raiseAt <= 1)) {
            throw new IllegalArgumentException("alert threshold " + raiseAt + " is not a probability in (0, 1]");
        }
    }

    /** The default: anger, fear or disgust averaging 0.6 over the customer's (channel 0) last 3 utterances; 3 calm ones clear. */
    public static AlertRuleSettings defaults() {
        return new AlertRuleSettings(0, List.of("anger", "fear", "disgust"), 3, 0.6, 3);
    }

    /** The rule in words, as written into every alert. */
    public String describe() {
        return String.format(Locale.ROOT, "mean %s over the last %d customer utterances >= %.2f; cleared after %d calm utterances",
                String.join("|", watched), window, raiseAt, calmToClear);
    }
}

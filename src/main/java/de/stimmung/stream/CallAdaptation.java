package de.stimmung.stream;

import de.stimmung.model.CallNormalizer;
import de.stimmung.model.EmotionScorer;
import de.stimmung.model.ModelContractException;
import java.util.Locale;

/**
 * Whether the service normalises each call's features by the call's earlier utterances
 * ({@link CallNormalizer}) before scoring. The model carries the normaliser's population
 * statistics and the trainer's verdict from its study on simulated calls; {@link #AUTO} follows
 * that verdict.
 */
public enum CallAdaptation {
    /** As the model recommends (off when it carries no normaliser). */
    AUTO,
    /** Always normalise (the model must carry a normaliser). */
    ON,
    /** Score every utterance on its own, as {@code classify} does. */
    OFF;

    /**
     * The normaliser to use with this model, or null for none.
     *
     * @throws ModelContractException for {@link #ON} with a model that carries no normaliser
     */
    public CallNormalizer resolve(EmotionScorer scorer) {
        return switch (this) {
            case OFF -> null;
            case AUTO -> scorer.callNormalizerRecommended() ? scorer.callNormalizer().orElse(null) : null;
            case ON -> scorer.callNormalizer().orElseThrow(() -> new ModelContractException("model "
                    + scorer.info().source() + " carries no call normaliser (" + scorer.info().version()
                    + "); run the trainer's calls study with --model on it, or use --call-adaptation off"));
        };
    }

    /** Parses {@code auto}, {@code on} or {@code off} (any case). */
    public static CallAdaptation parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("call adaptation '" + text + "' is not one of auto, on, off", e);
        }
    }
}

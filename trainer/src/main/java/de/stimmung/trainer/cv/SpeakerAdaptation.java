package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Standardizer;

/**
 * Which label-free speaker adaptation {@link CrossValidation} applies to both sides of every fold
 * before fitting and scoring; see {@link SpeakerNormalization} for the exact rules.
 */
public enum SpeakerAdaptation {
    /** Raw features. */
    NONE("none"),
    /** {@link SpeakerNormalization#full}: all of a speaker's utterances (offline, transductive). */
    FULL("speaker-norm-full"),
    /** {@link SpeakerNormalization#causal}: only a speaker's previous utterances (streaming). */
    CAUSAL("speaker-norm-causal");

    private final String label;

    SpeakerAdaptation(String label) {
        this.label = label;
    }

    /** The name used in reports, e.g. {@code speaker-norm-causal}. */
    public String label() {
        return label;
    }

    /**
     * Adapts the rows of one side of a fold.
     *
     * @param trainingPopulation statistics of the fold's raw training rows, used by {@link #CAUSAL}
     *                           for warm-up; ignored by the others
     */
    public FeatureTable apply(FeatureTable rows, Standardizer trainingPopulation) {
        return switch (this) {
            case NONE -> rows;
            case FULL -> SpeakerNormalization.full(rows);
            case CAUSAL -> SpeakerNormalization.causal(rows, trainingPopulation);
        };
    }
}

package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;

/**
 * A named model configuration (for example {@code netBn50}, {@code RFC_100}) that fits a
 * classifier on training data only. Any preprocessing it needs (standardisation, feature
 * selection) is fitted inside {@link #fit} on the data it is given, never on test data.
 */
public interface Learner {

    /** The configuration's name as it appears in the reports, e.g. {@code netBn50}. */
    String name();

    /**
     * Fits a classifier. Deterministic for a given seed and training table.
     *
     * @param train the training rows only
     * @param seed  the seed for every random choice the learner makes
     */
    ProbabilisticClassifier fit(FeatureTable train, long seed);
}

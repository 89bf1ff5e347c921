package de.stimmung.trainer.learners;

/** A fitted classifier that gives one probability per class for each row. */
public interface ProbabilisticClassifier {

    /**
     * Class probabilities, one row per input row, columns in {@link de.stimmung.model.Emotion}
     * order; every row sums to 1.
     */
    float[][] predictProba(float[][] features);
}

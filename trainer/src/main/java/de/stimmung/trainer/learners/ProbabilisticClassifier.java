package de.stimmung.trainer.learners;

/** A fitted classifier that gives one probability per class for each row. */
public interface ProbabilisticClassifier {

    /** The network index of {@link #networks} for a classifier with one model for every row. */
    int ONLY_NETWORK = 0;

    /**
     * Class probabilities, one row per input row, columns in {@link de.stimmung.model.Emotion}
     * order; every row sums to 1.
     */
    float[][] predictProba(float[][] features);

    /**
     * Which of the classifier's networks scores each row: {@value #ONLY_NETWORK} for every row of
     * a classifier with one model; a model per channel names its branch (see
     * {@link ChannelGate#networks}). Calibration is fitted per network.
     */
    default int[] networks(float[][] features) {
        return new int[features.length];
    }
}

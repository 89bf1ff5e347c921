package de.stimmung.trainer.cv;

/**
 * The held-out predictions of one fold. Row {@code i} of the arrays belongs to table row
 * {@code fold.test()[i]}. Arrays are shared: treat them as read-only.
 *
 * @param probabilities one row of class probabilities per test row, columns in Emotion order
 * @param predicted     argmax of each probability row (the lowest class index wins a tie)
 * @param trueLabels    the true class index of each test row
 * @param networks      which of the classifier's networks scored each test row
 *                      ({@link de.stimmung.trainer.learners.ProbabilisticClassifier#networks})
 * @param metrics       metrics of this fold alone
 * @param fitMillis     wall-clock time spent in {@code Learner.fit}, in milliseconds
 */
public record FoldResult(Fold fold, float[][] probabilities, int[] predicted, int[] trueLabels, int[] networks,
                         ClassificationMetrics metrics, long fitMillis) {

    /** The speaker tested in this fold. */
    public String heldOutSpeaker() {
        return fold.heldOutSpeaker();
    }
}

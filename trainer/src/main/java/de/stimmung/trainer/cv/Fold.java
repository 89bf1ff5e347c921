package de.stimmung.trainer.cv;

import java.util.Objects;

/**
 * One cross-validation fold: row indices (into the full table) to train on, row indices to test
 * on, and the speaker whose rows form the test set. Arrays are shared: treat them as read-only.
 *
 * @param index           0-based fold number
 * @param heldOutSpeaker  the speaker tested in this fold; none of their rows is in {@code train}
 * @param train           training row indices, ascending
 * @param test            test row indices, ascending
 */
public record Fold(int index, String heldOutSpeaker, int[] train, int[] test) {

    public Fold {
        Objects.requireNonNull(heldOutSpeaker, "heldOutSpeaker");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    @Override
    public String toString() {
        return "Fold[" + index + ", speaker " + heldOutSpeaker + ", train " + train.length + ", test " + test.length + "]";
    }
}

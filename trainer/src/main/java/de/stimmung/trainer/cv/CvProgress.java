package de.stimmung.trainer.cv;

/**
 * Progress callback of {@link CrossValidation}, called on the thread that runs the fold, once before
 * and once after each fold (for a progress bar or a log line).
 */
@FunctionalInterface
public interface CvProgress {

    /** Reports nothing. */
    CvProgress NONE = (model, fold, done, total) -> { };

    /** Called before fold {@code fold.index()} of {@code total} is fitted. Does nothing by default. */
    default void foldStarted(String model, Fold fold, int total) {
    }

    /** Called after a fold is scored; {@code done} folds of {@code total} are finished. */
    void foldFinished(String model, FoldResult result, int done, int total);
}

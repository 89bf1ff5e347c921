package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of cross-validating one learner: per-fold results and every row's held-out
 * prediction pooled in the original table's row order ({@code predicted[i]} is the prediction for
 * table row {@code i}, made by the fold that held out its speaker). Arrays are shared: treat them
 * as read-only.
 *
 * @param learner     the learner's name, e.g. {@code netBn50}
 * @param protocol    the splitter's name, e.g. {@code leave-one-speaker-out}
 * @param adaptation  the speaker adaptation applied inside each fold
 * @param folds       per-fold results, in fold (sorted speaker) order
 * @param ids         table row ids
 * @param speakers    table row speakers
 * @param trueLabels  table row labels
 * @param predicted   pooled held-out argmax per table row
 * @param probabilities pooled held-out probabilities per table row
 * @param networks    pooled per table row, which network of its fold's classifier scored it
 * @param numClasses  number of classes
 */
public record CrossValidationResult(String learner, String protocol, SpeakerAdaptation adaptation,
                                    List<FoldResult> folds, String[] ids, String[] speakers, int[] trueLabels,
                                    int[] predicted, float[][] probabilities, int[] networks,
                                    int numClasses) {

    /** Gathers fold results into table row order; every row must have been tested exactly once. */
    static CrossValidationResult pool(String learner, String protocol, SpeakerAdaptation adaptation,
                                      FeatureTable table, List<FoldResult> folds) {
        int n = table.size();
        int[] predicted = new int[n];
        float[][] proba = new float[n][];
        int[] networks = new int[n];
        for (FoldResult f : folds) {
            int[] rows = f.fold().test();
            for (int i = 0; i < rows.length; i++) {
                if (proba[rows[i]] != null) {
                    throw new IllegalStateException("row " + table.ids()[rows[i]] + " was tested twice; the splitter "
                            + protocol + " must test every row exactly once");
                }
                proba[rows[i]] = f.probabilities()[i];
                predicted[rows[i]] = f.predicted()[i];
                networks[rows[i]] = f.networks()[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (proba[i] == null) {
                throw new IllegalStateException("row " + table.ids()[i] + " was never tested; the splitter "
                        + protocol + " must test every row exactly once");
            }
        }
        return new CrossValidationResult(learner, protocol, adaptation, List.copyOf(folds), table.ids(),
                table.speakers(), table.labels(), predicted, proba, networks, table.numClasses());
    }

    /** The learner name, suffixed with the adaptation unless it is NONE: {@code netBn50+speaker-norm-full}. */
    static String displayName(String learner, SpeakerAdaptation adaptation) {
        return adaptation == SpeakerAdaptation.NONE ? learner : learner + "+" + adaptation.label();
    }

    /** The name reports use: see {@link #displayName}. */
    public String modelName() {
        return displayName(learner, adaptation);
    }

    /** The held-out speakers, in fold order. */
    public List<String> heldOutSpeakers() {
        return folds.stream().map(FoldResult::heldOutSpeaker).toList();
    }

    /** Metrics over all pooled held-out predictions (one confusion matrix for the whole run). */
    public ClassificationMetrics pooled() {
        return ClassificationMetrics.of(trueLabels, predicted, numClasses);
    }

    /** Macro F1 (over classes present in each fold) as mean ± std over folds. */
    public Summary macroF1() {
        return overFolds(ClassificationMetrics::macroF1);
    }

    /** Macro precision as mean ± std over folds. */
    public Summary macroPrecision() {
        return overFolds(ClassificationMetrics::macroPrecision);
    }

    /** Macro recall as mean ± std over folds. */
    public Summary macroRecall() {
        return overFolds(ClassificationMetrics::macroRecall);
    }

    /** Accuracy as mean ± std over folds. */
    public Summary accuracy() {
        return overFolds(ClassificationMetrics::accuracy);
    }

    private Summary overFolds(ToDoubleFunction<ClassificationMetrics> figure) {
        return Summary.of(folds.stream().mapToDouble(f -> figure.applyAsDouble(f.metrics())).toArray());
    }
}

package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import de.stimmung.trainer.learners.Standardizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link Learner} over all {@link LeaveOneSpeakerOut} folds: for each fold it fits on the
 * training rows only (a {@link FeatureTable#select} of them, so the learner cannot see the held-out
 * speaker), scores the held-out rows and keeps their probabilities and argmax. Folds run one after
 * another on the calling thread (learners may use threads themselves); every fold gets the same
 * seed. An optional {@link SpeakerAdaptation} is applied to both sides of each fold first.
 * Immutable and reusable; not safe to share one {@link CvProgress} between concurrent runs.
 */
public final class CrossValidation {

    private final LeaveOneSpeakerOut splitter;
    private final SpeakerAdaptation adaptation;
    private final long seed;

    /** Leave-one-speaker-out on raw features. */
    public CrossValidation(long seed) {
        this(new LeaveOneSpeakerOut(), SpeakerAdaptation.NONE, seed);
    }

    public CrossValidation(LeaveOneSpeakerOut splitter, SpeakerAdaptation adaptation, long seed) {
        this.splitter = Objects.requireNonNull(splitter, "splitter");
        this.adaptation = Objects.requireNonNull(adaptation, "adaptation");
        this.seed = seed;
    }

    /**
     * Cross-validates one learner on a table.
     *
     * @throws IllegalArgumentException if the table has fewer than two speakers
     * @throws IllegalStateException    if the learner's classifier returns the wrong shape or NaN;
     *                                  the message names the learner and the fold
     */
    public CrossValidationResult run(Learner learner, FeatureTable table, CvProgress progress) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(progress, "progress");
        List<Fold> folds = splitter.split(table);
        String model = CrossValidationResult.displayName(learner.name(), adaptation);
        List<FoldResult> results = new ArrayList<>(folds.size());
        for (Fold fold : folds) {
            progress.foldStarted(model, fold, folds.size());
            FoldResult result = runFold(learner, table, fold);
            results.add(result);
            progress.foldFinished(model, result, results.size(), folds.size());
        }
        return CrossValidationResult.pool(learner.name(), splitter.name(), adaptation, table, results);
    }

    private FoldResult runFold(Learner learner, FeatureTable table, Fold fold) {
        FeatureTable train = table.select(fold.train());
        FeatureTable test = table.select(fold.test());
        Standardizer population = adaptation == SpeakerAdaptation.CAUSAL ? Standardizer.fit(train.features()) : null;
        train = adaptation.apply(train, population);
        test = adaptation.apply(test, population);

        long start = System.nanoTime();
        ProbabilisticClassifier classifier = learner.fit(train, seed);
        long fitMillis = (System.nanoTime() - start) / 1_000_000;

        float[][] proba = classifier.predictProba(test.features());
        int[] predicted = argmaxChecked(proba, test, learner.name(), fold);
        ClassificationMetrics metrics = ClassificationMetrics.of(test.labels(), predicted, table.numClasses());
        return new FoldResult(fold, proba, predicted, test.labels(), metrics, fitMillis);
    }

    private static int[] argmaxChecked(float[][] proba, FeatureTable test, String learner, Fold fold) {
        if (proba == null || proba.length != test.size()) {
            throw new IllegalStateException("learner " + learner + " returned " + (proba == null ? "null" : proba.length)
                    + " probability rows for the " + test.size() + " test rows of speaker " + fold.heldOutSpeaker()
                    + "; predictProba must return one row per input row");
        }
        int[] predicted = new int[proba.length];
        for (int i = 0; i < proba.length; i++) {
            float[] p = proba[i];
            if (p.length != test.numClasses()) {
                throw new IllegalStateException("learner " + learner + " returned " + p.length + " probabilities for "
                        + test.ids()[i] + ", expected one per class (" + test.numClasses() + ")");
            }
            int best = 0;
            for (int c = 0; c < p.length; c++) {
                if (Float.isNaN(p[c])) {
                    throw new IllegalStateException("learner " + learner + " returned NaN probabilities for "
                            + test.ids()[i] + " (held-out speaker " + fold.heldOutSpeaker()
                            + "); check its training for divergence");
                }
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }
}

package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import de.stimmung.trainer.learners.Standardizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Learner} over all {@link LeaveOneSpeakerOut} folds: for each fold it fits on the
 * training rows only (a {@link FeatureTable#select} of them, so the learner cannot see the held-out
 * speaker), scores the held-out rows and keeps their probabilities and argmax. Folds run one after
 * another on the calling thread ({@link #run}) or as tasks of an executor ({@link #start}); every
 * fold gets the same seed. An optional {@link SpeakerAdaptation} is applied to both sides of each
 * fold first.
 * Immutable and reusable; not safe to share one {@link CvProgress} between concurrent runs.
 */
public final class CrossValidation {

    /** The channel name of the table itself (the recordings as they are). */
    public static final String CLEAN = "clean";

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
        return run(learner, table, Map.of(), progress).get(CLEAN);
    }

    /**
     * Cross-validates one learner and tests each fold's classifier on the held-out speaker's rows
     * of the clean table and of every evaluation channel: one fit per fold, one result per channel.
     *
     * @param channels per channel name, a table with the same rows (ids, labels, speakers, order)
     *                 as {@code table}, heard through that channel
     * @return the results by channel, {@value #CLEAN} (the table itself) first, then the channels in
     *         their map's order
     * @throws IllegalArgumentException if a channel table's rows differ from the table's
     */
    public Map<String, CrossValidationResult> run(Learner learner, FeatureTable table,
            Map<String, FeatureTable> channels, CvProgress progress) {
        return start(learner, table, channels, progress, Runnable::run).join();
    }

    /** Cross-validation under way: its folds run as tasks of an executor. */
    public interface Pending {
        /**
         * Waits for every fold and returns the results by channel, as
         * {@link #run(Learner, FeatureTable, Map, CvProgress)} does.
         *
         * @throws IllegalStateException with the failing fold's cause when a fold failed
         */
        Map<String, CrossValidationResult> join();
    }

    /**
     * Starts {@link #run(Learner, FeatureTable, Map, CvProgress)} with every fold a task of
     * {@code executor}, so that the folds of several learners share a pool's threads evenly. Each
     * fold's fit is seeded alone, so the results do not depend on the order folds run in. The
     * progress is told from the executor's threads.
     */
    public Pending start(Learner learner, FeatureTable table, Map<String, FeatureTable> channels,
            CvProgress progress, Executor executor) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(progress, "progress");
        Map<String, FeatureTable> tables = new LinkedHashMap<>();
        tables.put(CLEAN, table);
        channels.forEach((name, t) -> {
            if (!Arrays.equals(t.ids(), table.ids()) || !Arrays.equals(t.labels(), table.labels())) {
                throw new IllegalArgumentException("evaluation channel " + name + " does not hold the table's rows in "
                        + "the table's order; build it from the same corpus");
            }
            tables.put(name, t);
        });
        List<Fold> folds = splitter.split(table);
        String model = CrossValidationResult.displayName(learner.name(), adaptation);
        AtomicInteger finished = new AtomicInteger();
        List<CompletableFuture<Map<String, FoldResult>>> running = new ArrayList<>();
        for (Fold fold : folds) {
            running.add(CompletableFuture.supplyAsync(() -> {
                progress.foldStarted(model, fold, folds.size());
                Map<String, FoldResult> byChannel = runFold(learner, tables, fold);
                progress.foldFinished(model, byChannel.get(CLEAN), finished.incrementAndGet(), folds.size());
                return byChannel;
            }, executor));
        }
        return () -> {
            Map<String, List<FoldResult>> results = new LinkedHashMap<>();
            tables.keySet().forEach(k -> results.put(k, new ArrayList<>(folds.size())));
            for (CompletableFuture<Map<String, FoldResult>> f : running) {
                Map<String, FoldResult> byChannel;
                try {
                    byChannel = f.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("cross-validation of " + model + " failed: "
                            + e.getCause().getMessage(), e.getCause());
                }
                byChannel.forEach((k, r) -> results.get(k).add(r));
            }
            Map<String, CrossValidationResult> out = new LinkedHashMap<>();
            results.forEach((k, r) -> out.put(k,
                    CrossValidationResult.pool(learner.name(), splitter.name(), adaptation, tables.get(k), r)));
            return out;
        };
    }

    private Map<String, FoldResult> runFold(Learner learner, Map<String, FeatureTable> tables, Fold fold) {
        FeatureTable table = tables.get(CLEAN);
        FeatureTable train = table.select(fold.train());
        Standardizer population = adaptation == SpeakerAdaptation.CAUSAL ? Standardizer.fit(train.features()) : null;
        train = adaptation.apply(train, population);

        long start = System.nanoTime();
        ProbabilisticClassifier classifier = learner.fit(train, seed);
        long fitMillis = (System.nanoTime() - start) / 1_000_000;

        Map<String, FoldResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureTable> e : tables.entrySet()) {
            FeatureTable test = adaptation.apply(e.getValue().select(fold.test()), population);
            float[][] proba = classifier.predictProba(test.features());
            int[] predicted = argmaxChecked(proba, test, learner.name(), fold);
            ClassificationMetrics metrics = ClassificationMetrics.of(test.labels(), predicted, table.numClasses());
            out.put(e.getKey(), new FoldResult(fold, proba, predicted, test.labels(),
                    classifier.networks(test.features()), metrics, fitMillis));
        }
        return out;
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

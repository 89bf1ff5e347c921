package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nested leave-one-speaker-out: an honest estimate of a whole training pipeline — choosing a
 * configuration among candidates and fitting its calibration — rather than of one configuration
 * chosen by looking at the evaluation folds. For every outer fold, each candidate is
 * cross-validated leave-one-speaker-out on the outer training speakers only (inner folds, on
 * every channel); the candidate with the best {@link ChannelSelection} score wins, its
 * {@link NetworkTemperatures} are fitted on its inner out-of-fold predictions (all channels
 * pooled), the winner is fitted on all outer training speakers, and the held-out speaker is
 * scored on every channel and calibrated. The held-out speaker never influences its own choice.
 * Outer folds run on up to {@code lanes} threads; every fit is seeded and learners are
 * deterministic, so the outcome does not depend on the number of lanes. Immutable.
 */
public final class NestedCrossValidation {

    private final LeaveOneSpeakerOut splitter = new LeaveOneSpeakerOut();
    private final long seed;
    private final int lanes;

    /** Outer folds one after another on the calling thread. */
    public NestedCrossValidation(long seed) {
        this(seed, 1);
    }

    /**
     * @param lanes how many outer folds run at once (at least 1); learners must then be safe to
     *              fit from several threads
     */
    public NestedCrossValidation(long seed, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, got " + lanes);
        }
        this.seed = seed;
        this.lanes = lanes;
    }

    /**
     * What a nested run found.
     *
     * @param byChannel    outer held-out predictions per channel, calibrated (clean first)
     * @param uncalibrated the same predictions before temperature scaling
     * @param chosen       per outer fold (speaker order), the configuration the inner folds chose
     * @param temperatures per outer fold, the temperatures fitted on the inner folds (one per network)
     */
    public record Outcome(Map<String, CrossValidationResult> byChannel, Map<String, CrossValidationResult> uncalibrated,
            List<String> chosen, List<List<Double>> temperatures) {
    }

    /** Notified as the run goes: {@code done} of {@code total} fits finished (from any lane). */
    public interface Progress {
        void fitted(int done, int total);
    }

    /** One outer fold's choice, calibration and held-out predictions per channel. */
    private record Outer(String chosen, NetworkTemperatures temperatures, Map<String, FoldResult> raw,
                         Map<String, FoldResult> calibrated) {
    }

    /**
     * Runs the nested protocol.
     *
     * @param candidates the configurations the pipeline chooses from (at least one)
     * @param channels   evaluation channels with the same rows as {@code table} (see
     *                   {@link CrossValidation#run(Learner, FeatureTable, Map, CvProgress)})
     */
    public Outcome run(List<Learner> candidates, FeatureTable table, Map<String, FeatureTable> channels,
            Progress progress) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("nested cross-validation needs at least one candidate configuration");
        }
        Objects.requireNonNull(progress, "progress");
        List<Fold> folds = splitter.split(table);
        int total = folds.size() * (candidates.size() * (folds.size() - 1) + 1);
        AtomicInteger done = new AtomicInteger();
        Runnable fitted = () -> progress.fitted(done.incrementAndGet(), total);
        Map<String, FeatureTable> all = new LinkedHashMap<>();
        all.put(CrossValidation.CLEAN, table);
        all.putAll(channels);
        List<Outer> outers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(lanes, folds.size()));
        try {
            List<Future<Outer>> futures = new ArrayList<>();
            for (Fold fold : folds) {
                futures.add(pool.submit(() -> outer(fold, candidates, table, channels, all, fitted)));
            }
            for (Future<Outer> f : futures) {
                outers.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("nested cross-validation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("nested cross-validation failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<FoldResult>> calibrated = new LinkedHashMap<>();
        Map<String, List<FoldResult>> raw = new LinkedHashMap<>();
        for (String k : all.keySet()) {
            calibrated.put(k, outers.stream().map(o -> o.calibrated().get(k)).toList());
            raw.put(k, outers.stream().map(o -> o.raw().get(k)).toList());
        }
        return new Outcome(pool(all, calibrated), pool(all, raw), outers.stream().map(Outer::chosen).toList(),
                outers.stream().map(o -> o.temperatures().temperatures()).toList());
    }

    private Outer outer(Fold fold, List<Learner> candidates, FeatureTable table, Map<String, FeatureTable> channels,
            Map<String, FeatureTable> all, Runnable fitted) {
        CrossValidation cv = new CrossValidation(seed);
        FeatureTable train = table.select(fold.train());
        Map<String, FeatureTable> trainChannels = new LinkedHashMap<>();
        channels.forEach((k, t) -> trainChannels.put(k, t.select(fold.train())));
        Learner best = null;
        Map<String, CrossValidationResult> bestInner = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Learner candidate : candidates) {
            Map<String, CrossValidationResult> innerResults = cv.run(candidate, train, trainChannels,
                    new CvProgress() {
                        @Override
                        public void foldFinished(String model, FoldResult result, int d, int t) {
                            fitted.run();
                        }
                    });
            double score = ChannelSelection.score(innerResults);
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
                bestInner = innerResults;
            }
        }
        NetworkTemperatures t = ChannelSelection.fitTemperature(bestInner);
        ProbabilisticClassifier classifier = best.fit(train, seed);
        fitted.run();
        Map<String, FoldResult> raw = new LinkedHashMap<>();
        Map<String, FoldResult> calibrated = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureTable> e : all.entrySet()) {
            FeatureTable test = e.getValue().select(fold.test());
            float[][] p = classifier.predictProba(test.features());
            int[] networks = classifier.networks(test.features());
            raw.put(e.getKey(), foldResult(fold, p, networks, test));
            calibrated.put(e.getKey(), foldResult(fold, t.apply(p, networks), networks, test));
        }
        return new Outer(best.name(), t, raw, calibrated);
    }

    private Map<String, CrossValidationResult> pool(Map<String, FeatureTable> tables, Map<String, List<FoldResult>> r) {
        Map<String, CrossValidationResult> out = new LinkedHashMap<>();
        r.forEach((k, folds) -> out.put(k, CrossValidationResult.pool("nested", splitter.name(),
                SpeakerAdaptation.NONE, tables.get(k), folds)));
        return out;
    }

    private static FoldResult foldResult(Fold fold, float[][] p, int[] networks, FeatureTable test) {
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][predicted[i]]) {
                    predicted[i] = c;
                }
            }
        }
        return new FoldResult(fold, p, predicted, test.labels(), networks,
                ClassificationMetrics.of(test.labels(), predicted, test.numClasses()), 0);
    }
}

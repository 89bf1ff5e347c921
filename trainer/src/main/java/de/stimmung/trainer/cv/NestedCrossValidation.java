package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Nested leave-one-speaker-out: an honest estimate of a whole training pipeline — choosing a
 * configuration among candidates and fitting its calibration — rather than of one configuration
 * chosen by looking at the evaluation folds. For every outer fold, each candidate is
 * cross-validated leave-one-speaker-out on the outer training speakers only (inner folds, on
 * every channel); the candidate with the best {@link ChannelSelection} score wins, a
 * {@link TemperatureScaling} is fitted on its inner out-of-fold predictions (all channels
 * pooled), the winner is fitted on all outer training speakers, and the held-out speaker is
 * scored on every channel and calibrated. The held-out speaker never influences its own choice.
 * Immutable; runs on the calling thread.
 */
public final class NestedCrossValidation {

    private final LeaveOneSpeakerOut splitter = new LeaveOneSpeakerOut();
    private final long seed;

    public NestedCrossValidation(long seed) {
        this.seed = seed;
    }

    /**
     * What a nested run found.
     *
     * @param byChannel    outer held-out predictions per channel, calibrated (clean first)
     * @param uncalibrated the same predictions before temperature scaling
     * @param chosen       per outer fold (speaker order), the configuration the inner folds chose
     * @param temperatures per outer fold, the temperature fitted on the inner folds
     */
    public record Outcome(Map<String, CrossValidationResult> byChannel, Map<String, CrossValidationResult> uncalibrated,
            List<String> chosen, List<Double> temperatures) {
    }

    /** Notified as the run goes: {@code done} of {@code total} fits finished. */
    public interface Progress {
        void fitted(int done, int total);
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
        int inner = folds.size() - 1;
        int total = folds.size() * (candidates.size() * inner + 1);
        int[] done = {0};
        CrossValidation cv = new CrossValidation(seed);
        Map<String, FeatureTable> all = new LinkedHashMap<>();
        all.put(CrossValidation.CLEAN, table);
        all.putAll(channels);
        Map<String, List<FoldResult>> calibrated = new LinkedHashMap<>();
        Map<String, List<FoldResult>> raw = new LinkedHashMap<>();
        all.keySet().forEach(k -> {
            calibrated.put(k, new ArrayList<>());
            raw.put(k, new ArrayList<>());
        });
        List<String> chosen = new ArrayList<>();
        List<Double> temperatures = new ArrayList<>();
        for (Fold fold : folds) {
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
                                progress.fitted(++done[0], total);
                            }
                        });
                double score = ChannelSelection.score(innerResults);
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                    bestInner = innerResults;
                }
            }
            TemperatureScaling t = ChannelSelection.fitTemperature(bestInner);
            chosen.add(best.name());
            temperatures.add(t.temperature());
            ProbabilisticClassifier classifier = best.fit(train, seed);
            progress.fitted(++done[0], total);
            for (Map.Entry<String, FeatureTable> e : all.entrySet()) {
                FeatureTable test = e.getValue().select(fold.test());
                float[][] p = classifier.predictProba(test.features());
                raw.get(e.getKey()).add(foldResult(fold, p, test));
                calibrated.get(e.getKey()).add(foldResult(fold, t.apply(p), test));
            }
        }
        return new Outcome(pool(all, calibrated), pool(all, raw), List.copyOf(chosen), List.copyOf(temperatures));
    }

    private Map<String, CrossValidationResult> pool(Map<String, FeatureTable> tables, Map<String, List<FoldResult>> r) {
        Map<String, CrossValidationResult> out = new LinkedHashMap<>();
        r.forEach((k, folds) -> out.put(k, CrossValidationResult.pool("nested", splitter.name(),
                SpeakerAdaptation.NONE, tables.get(k), folds)));
        return out;
    }

    private static FoldResult foldResult(Fold fold, float[][] p, FeatureTable test) {
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][predicted[i]]) {
                    predicted[i] = c;
                }
            }
        }
        return new FoldResult(fold, p, predicted, test.labels(),
                ClassificationMetrics.of(test.labels(), predicted, test.numClasses()), 0);
    }
}

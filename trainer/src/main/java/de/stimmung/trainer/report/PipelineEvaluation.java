package de.stimmung.trainer.report;

import de.stimmung.trainer.cv.CalibrationMetrics;
import de.stimmung.trainer.cv.ChannelSelection;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.FoldResult;
import de.stimmung.trainer.cv.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The honest figures of the shipped pipeline, from nested leave-one-speaker-out: held-out
 * predictions per channel after and before calibration, what the inner folds chose, and the
 * speakers' genders for the per-gender figures.
 *
 * @param calibrated   outer held-out predictions per channel, temperature-scaled
 * @param uncalibrated the same predictions before scaling
 * @param chosen       per outer fold, the configuration chosen on the inner folds
 * @param temperatures per outer fold, the temperatures fitted on the inner folds, one per network of the
 *                     chosen model (wideband, then telephone, for a model per channel)
 * @param genders      speaker code to {@code female} or {@code male}
 * @param shippedTemperatures the temperatures of the shipped model, one per network (fitted on all speakers'
 *                            out-of-fold predictions)
 */
public record PipelineEvaluation(Map<String, CrossValidationResult> calibrated,
        Map<String, CrossValidationResult> uncalibrated, List<String> chosen, List<List<Double>> temperatures,
        Map<String, String> genders, List<Double> shippedTemperatures) {

    public PipelineEvaluation {
        calibrated = new LinkedHashMap<>(calibrated);
        uncalibrated = new LinkedHashMap<>(uncalibrated);
        chosen = List.copyOf(chosen);
        temperatures = temperatures.stream().map(List::copyOf).toList();
        shippedTemperatures = List.copyOf(shippedTemperatures);
        genders = Map.copyOf(genders);
    }

    /** Fold-mean macro F1 per channel. */
    public Map<String, Summary> macroF1() {
        Map<String, Summary> out = new LinkedHashMap<>();
        calibrated.forEach((k, r) -> out.put(k, r.macroF1()));
        return out;
    }

    /** Per channel, per gender: the fold-mean macro F1 over that gender's held-out speakers. */
    public Map<String, Map<String, Summary>> byGender() {
        Map<String, Map<String, Summary>> out = new LinkedHashMap<>();
        genderValues().forEach((channel, byG) -> {
            Map<String, Summary> summaries = new LinkedHashMap<>();
            byG.forEach((g, v) -> summaries.put(g, Summary.of(v)));
            out.put(channel, summaries);
        });
        return out;
    }

    /**
     * The female-male gap of one channel and its standard error: {@code |mean_f - mean_m|} and
     * {@code sqrt(s_f^2 / n_f + s_m^2 / n_m)} with the sample variances over each gender's speakers.
     * With four speakers a gender the error is about 0.07 of macro F1, so a gap below it is not
     * told apart from none.
     */
    public record GenderGap(double gap, double standardError) {

        /**
         * The gap between two genders' per-speaker figures.
         *
         * @throws IllegalArgumentException for fewer than two speakers of a gender
         */
        public static GenderGap of(double[] female, double[] male) {
            if (female.length < 2 || male.length < 2) {
                throw new IllegalArgumentException("a gender gap's error needs at least 2 speakers of each gender, got "
                        + female.length + " and " + male.length);
            }
            double gap = Math.abs(Summary.of(female).mean() - Summary.of(male).mean());
            return new GenderGap(gap, Math.sqrt(sampleVariance(female) / female.length
                    + sampleVariance(male) / male.length));
        }

        private static double sampleVariance(double[] v) {
            double std = Summary.of(v).std(); // population spread over the speakers
            return std * std * v.length / (v.length - 1);
        }
    }

    /** Per channel whose held-out speakers include both genders (each at least twice), the gap. */
    public Map<String, GenderGap> genderGaps() {
        Map<String, GenderGap> out = new LinkedHashMap<>();
        genderValues().forEach((channel, byG) -> {
            double[] f = byG.get("female");
            double[] m = byG.get("male");
            if (f != null && m != null && f.length > 1 && m.length > 1) {
                out.put(channel, GenderGap.of(f, m));
            }
        });
        return out;
    }

    private Map<String, Map<String, double[]>> genderValues() {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        calibrated.forEach((channel, r) -> {
            Map<String, List<Double>> values = new java.util.TreeMap<>();
            for (FoldResult f : r.folds()) {
                String g = genders.getOrDefault(f.heldOutSpeaker(), "unknown");
                values.computeIfAbsent(g, x -> new ArrayList<>()).add(f.metrics().macroF1());
            }
            Map<String, double[]> byG = new LinkedHashMap<>();
            values.forEach((g, v) -> byG.put(g, v.stream().mapToDouble(Double::doubleValue).toArray()));
            out.put(channel, byG);
        });
        return out;
    }

    /** Calibration per channel before scaling. */
    public Map<String, CalibrationMetrics> before() {
        return perChannel(uncalibrated);
    }

    /** Calibration per channel after scaling. */
    public Map<String, CalibrationMetrics> after() {
        return perChannel(calibrated);
    }

    /** Calibration of all channels pooled, before scaling. */
    public CalibrationMetrics pooledBefore() {
        return ChannelSelection.pooledCalibration(uncalibrated);
    }

    /** Calibration of all channels pooled, after scaling. */
    public CalibrationMetrics pooledAfter() {
        return ChannelSelection.pooledCalibration(calibrated);
    }

    private static Map<String, CalibrationMetrics> perChannel(Map<String, CrossValidationResult> results) {
        Map<String, CalibrationMetrics> out = new LinkedHashMap<>();
        results.forEach((k, r) -> out.put(k, CalibrationMetrics.of(r.probabilities(), r.trueLabels())));
        return out;
    }
}

package de.stimmung.trainer.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a pipeline is chosen and calibrated from cross-validated predictions on several channels:
 * the score is the mean over channels of the fold-mean macro F1 (so the telephone channels the
 * product serves count as much as studio audio), and the temperature is fitted on the
 * out-of-fold probabilities of all channels pooled. Used identically on inner folds (nested
 * estimate) and on all speakers (the shipped model).
 */
public final class ChannelSelection {

    private ChannelSelection() {
    }

    /** Mean over channels of the fold-mean macro F1. */
    public static double score(Map<String, CrossValidationResult> byChannel) {
        return byChannel.values().stream().mapToDouble(r -> r.macroF1().mean()).average()
                .orElseThrow(() -> new IllegalArgumentException("no channel results to score"));
    }

    /** A temperature fitted on the out-of-fold probabilities of every channel, pooled. */
    public static TemperatureScaling fitTemperature(Map<String, CrossValidationResult> byChannel) {
        Pooled p = Pooled.of(byChannel);
        return TemperatureScaling.fit(p.probabilities(), p.labels());
    }

    /** Calibration metrics of every channel's predictions pooled. */
    public static CalibrationMetrics pooledCalibration(Map<String, CrossValidationResult> byChannel) {
        Pooled p = Pooled.of(byChannel);
        return CalibrationMetrics.of(p.probabilities(), p.labels());
    }

    /** Every channel's out-of-fold probability rows and true labels, one after another. */
    private record Pooled(float[][] probabilities, int[] labels) {
        static Pooled of(Map<String, CrossValidationResult> byChannel) {
            List<float[]> p = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (CrossValidationResult r : byChannel.values()) {
                for (int i = 0; i < r.trueLabels().length; i++) {
                    p.add(r.probabilities()[i]);
                    y.add(r.trueLabels()[i]);
                }
            }
            return new Pooled(p.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}

package de.stimmung.trainer.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a pipeline is chosen and calibrated from cross-validated predictions on several channels:
 * the score is the mean over channels of the fold-mean macro F1 (so the telephone channels the
 * product serves count as much as studio audio), and the temperature is fitted on the
 * out-of-fold probabilities of all channels pooled, one per network of the model (a model per channel
 * has two: {@link NetworkTemperatures}). Used identically on inner folds (nested
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

    /**
     * Temperatures fitted on the out-of-fold probabilities of every channel pooled: one per network
     * that scored them, on the rows it scored.
     */
    public static NetworkTemperatures fitTemperature(Map<String, CrossValidationResult> byChannel) {
        Pooled p = Pooled.of(byChannel);
        return NetworkTemperatures.fit(p.probabilities(), p.labels(), p.networks());
    }

    /** Calibration metrics of every channel's predictions pooled. */
    public static CalibrationMetrics pooledCalibration(Map<String, CrossValidationResult> byChannel) {
        Pooled p = Pooled.of(byChannel);
        return CalibrationMetrics.of(p.probabilities(), p.labels());
    }

    /** Every channel's out-of-fold probability rows, true labels and networks, one after another. */
    private record Pooled(float[][] probabilities, int[] labels, int[] networks) {
        static Pooled of(Map<String, CrossValidationResult> byChannel) {
            List<float[]> p = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            List<Integer> n = new ArrayList<>();
            for (CrossValidationResult r : byChannel.values()) {
                for (int i = 0; i < r.trueLabels().length; i++) {
                    p.add(r.probabilities()[i]);
                    y.add(r.trueLabels()[i]);
                    n.add(r.networks()[i]);
                }
            }
            return new Pooled(p.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray(),
                    n.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}

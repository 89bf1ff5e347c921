package de.stimmung.trainer;

import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.SpeakerAdaptation;
import java.util.List;

/**
 * Which cross-validated configuration is shipped: the batch-norm MLP with 3 hidden layers of
 * 50 ({@code netBn50}), unless another batch-norm MLP configuration is clearly better, meaning
 * its mean macro F1 over folds is at least {@link #CLEAR_MARGIN} higher; then the best of those.
 * Only configurations without speaker adaptation compete (the service sees unknown speakers).
 */
final class ModelSelection {

    static final String DEFAULT = "netBn50";
    static final double CLEAR_MARGIN = 0.02;
    static final String RULE = "netBn50 unless another batch-norm MLP (netBn*) has a mean macro F1 at least "
            + CLEAR_MARGIN + " higher over the leave-one-speaker-out folds; no speaker adaptation";

    private ModelSelection() {
    }

    static String select(List<CrossValidationResult> results, String override) {
        if (override != null) {
            results.stream().filter(r -> r.modelName().equals(override)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--select " + override + " was not cross-validated in this run"));
            return override;
        }
        List<CrossValidationResult> candidates = results.stream()
                .filter(r -> r.adaptation() == SpeakerAdaptation.NONE && r.modelName().startsWith("netBn")).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no batch-norm MLP (netBn*) among the configurations run; include "
                    + DEFAULT + " in --models");
        }
        CrossValidationResult base = candidates.stream().filter(r -> r.modelName().equals(DEFAULT)).findFirst()
                .orElse(candidates.get(0));
        CrossValidationResult best = base;
        for (CrossValidationResult r : candidates) {
            if (r.macroF1().mean() >= base.macroF1().mean() + CLEAR_MARGIN && r.macroF1().mean() > best.macroF1().mean()) {
                best = r;
            }
        }
        return best.modelName();
    }
}

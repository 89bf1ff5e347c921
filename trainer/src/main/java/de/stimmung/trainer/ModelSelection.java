package de.stimmung.trainer;

import de.stimmung.trainer.cv.ChannelSelection;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.SpeakerAdaptation;
import java.util.List;
import java.util.Map;

/**
 * Which cross-validated configuration is shipped: among the candidate pipelines (the
 * channel-robust MLPs of {@link #CANDIDATES} that the run cross-validated, else every batch-norm
 * MLP it ran), the one with the best mean macro F1 over the clean and telephone channels
 * ({@link ChannelSelection#score}). The same rule chooses on inner folds in the nested estimate.
 * Only configurations without speaker adaptation compete (the service sees unknown speakers).
 */
final class ModelSelection {

    /** The plain batch-norm MLP of the old system; the speaker-adaptation variants are reported for it. */
    static final String DEFAULT = "netBn50";
    /** The channel-robust candidates the shipped pipeline is chosen from. */
    static final List<String> CANDIDATES = List.of(Configurations.ENSEMBLE, Configurations.ROUTED);
    static final String RULE = "the candidate with the best mean macro F1 over the clean, mu-law and A-law channels"
            + " (leave-one-speaker-out; candidates " + CANDIDATES + " when run, else every netBn*); no speaker"
            + " adaptation";

    private ModelSelection() {
    }

    /**
     * The candidates of a run: {@code override} alone when given, else those of {@link #CANDIDATES}
     * that were cross-validated, else every batch-norm MLP that was.
     */
    static List<String> candidates(List<CrossValidationResult> results, String override) {
        List<String> names = results.stream().filter(r -> r.adaptation() == SpeakerAdaptation.NONE)
                .map(CrossValidationResult::modelName).toList();
        if (override != null) {
            if (!names.contains(override)) {
                throw new IllegalArgumentException("--select " + override + " was not cross-validated in this run");
            }
            return List.of(override);
        }
        List<String> preferred = CANDIDATES.stream().filter(names::contains).toList();
        if (!preferred.isEmpty()) {
            return preferred;
        }
        List<String> mlps = names.stream().filter(n -> n.startsWith("netBn")).toList();
        if (mlps.isEmpty()) {
            throw new IllegalArgumentException("no batch-norm MLP (netBn*) among the configurations run; include "
                    + CANDIDATES.get(0) + " or " + DEFAULT + " in --models");
        }
        return mlps;
    }

    /** The candidate with the best channel score (the first listed wins a tie). */
    static String select(Map<String, Map<String, CrossValidationResult>> byChannel, List<String> candidates) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (String c : candidates) {
            Map<String, CrossValidationResult> r = byChannel.get(c);
            if (r == null) {
                throw new IllegalArgumentException("candidate " + c + " has no cross-validation results");
            }
            double score = ChannelSelection.score(r);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}

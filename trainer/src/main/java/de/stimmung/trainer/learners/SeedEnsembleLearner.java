package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the same MLP configuration with {@code size} different seeds (derived from the fit's seed)
 * and averages their probabilities: a seed ensemble, which lowers the variance that a few hundred
 * training rows leave in a network. Its name is the inner name with {@code x<size>} appended.
 *
 * @param inner the configuration to fit: an {@link MlpLearner}, or a {@link MemoizedLearner} of one
 *              (so that the member of the fit's own seed is the single configuration's fit)
 * @param size  number of members, at least 2
 */
public record SeedEnsembleLearner(Learner inner, int size) implements Learner {

    public SeedEnsembleLearner {
        if (size < 2) {
            throw new IllegalArgumentException("a seed ensemble needs at least 2 members, got " + size);
        }
    }

    @Override
    public String name() {
        return inner.name() + "x" + size;
    }

    @Override
    public Ensemble fit(FeatureTable train, long seed) {
        List<MlpClassifier> members = new ArrayList<>();
        for (int m = 0; m < size; m++) {
            if (!(inner.fit(train, seed + 1000L * m) instanceof MlpClassifier member)) {
                throw new IllegalStateException("a seed ensemble's members must be MLPs; " + inner.name() + " is not");
            }
            members.add(member);
        }
        return new Ensemble(members);
    }

    /** The fitted members; probabilities are their mean. */
    public record Ensemble(List<MlpClassifier> members) implements ProbabilisticClassifier {
        public Ensemble {
            members = List.copyOf(members);
        }

        @Override
        public float[][] predictProba(float[][] features) {
            float[][] mean = members.get(0).predictProba(features);
            for (int m = 1; m < members.size(); m++) {
                float[][] p = members.get(m).predictProba(features);
                for (int i = 0; i < p.length; i++) {
                    for (int c = 0; c < p[i].length; c++) {
                        mean[i][c] += p[i][c];
                    }
                }
            }
            for (float[] row : mean) {
                for (int c = 0; c < row.length; c++) {
                    row[c] /= members.size();
                }
            }
            return mean;
        }
    }
}

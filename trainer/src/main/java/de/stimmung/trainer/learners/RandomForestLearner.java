package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.SplittableRandom;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;

/**
 * A random forest (baselines {@code RFC_50}, {@code RFC_100}, {@code RFC_200}): Tribuo's
 * {@link RandomForestTrainer} over fully grown Gini CART trees, each fitted on a bootstrap sample
 * and considering round(sqrt(d)) randomly chosen features per split, like scikit-learn's
 * {@code RandomForestClassifier} defaults. The forest's probability is the mean of the trees' leaf
 * class distributions ({@link FullyWeightedVotingCombiner}), not a count of hard votes.
 * Trees are invariant to feature scaling, so no standardisation is applied.
 *
 * @param name  the configuration name in reports
 * @param trees the number of trees
 */
public record RandomForestLearner(String name, int trees) implements Learner {

    public RandomForestLearner {
        if (trees < 1) {
            throw new IllegalArgumentException("RandomForestLearner " + name + " needs at least one tree, got " + trees);
        }
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        int d = train.dimension();
        // Tribuo samples round(fraction * d) features per split; it rejects fraction 1 in a forest.
        float fraction = Math.min(0.999f, (float) Math.max(1, Math.round(Math.sqrt(d))) / d);
        long treeSeed = new SplittableRandom(seed).nextLong();
        var tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, fraction, false, new GiniIndex(), treeSeed);
        var forest = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), trees, seed);
        return new TribuoClassifier(TribuoLogging.quietly(() -> forest.train(TribuoAdapter.toDataset(train))), null);
    }
}

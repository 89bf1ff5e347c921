package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGradRDA;

/**
 * Multinomial logistic regression with an L2 penalty (baseline {@code LGC}): Tribuo's
 * {@link LinearSGDTrainer} with the softmax log loss, optimised by AdaGrad with regularised dual
 * averaging, on features standardised with a {@link Standardizer} fitted on the training rows.
 *
 * <p>{@code l2} is the penalty on the summed loss, so {@code l2 = 1} is the objective of
 * scikit-learn's {@code LogisticRegression(C=1)}: sum of log losses + (1/2)·||w||².
 *
 * @param name         the configuration name in reports
 * @param epochs       passes over the training rows (rows shuffled each pass, seeded)
 * @param learningRate AdaGrad's initial learning rate
 * @param l2           L2 penalty on the weights (and bias), relative to the summed loss
 */
public record LogisticRegressionLearner(String name, int epochs, double learningRate, double l2) implements Learner {

    public LogisticRegressionLearner {
        if (epochs < 1 || !(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("LogisticRegressionLearner " + name + " needs epochs >= 1, learningRate > 0"
                    + " and l2 >= 0, got epochs=" + epochs + ", learningRate=" + learningRate + ", l2=" + l2);
        }
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        Standardizer standardizer = Standardizer.fit(train.features());
        FeatureTable scaled = new FeatureTable(standardizer.apply(train.features()), train.labels(),
                train.speakers(), train.ids(), train.numClasses());
        var optimiser = new AdaGradRDA(learningRate, 1e-6, 0.0, l2, train.size());
        var trainer = new LinearSGDTrainer(new LogMulticlass(), optimiser, epochs, -1, 1, seed);
        return new TribuoClassifier(TribuoLogging.quietly(() -> trainer.train(TribuoAdapter.toDataset(scaled))),
                standardizer);
    }
}

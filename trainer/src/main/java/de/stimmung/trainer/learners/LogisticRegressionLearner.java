package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGradRDA;

/**
 * Multinomial logistic regression (baseline {@code LGC}): Tribuo's {@link LinearSGDTrainer} with
 * the softmax log loss, optimised by AdaGrad with regularised dual averaging (RDA), on features
 * standardised with a {@link Standardizer} fitted on the training rows.
 *
 * <p>Regularisation: RDA sets each weight to {@code -lr · Σgrad / sqrt(Σgrad²)}, i.e. it minimises
 * the accumulated linearised loss plus the proximal term {@code sqrt(Σgrad²) / (2·lr) · w²}, an
 * adaptive L2 penalty whose strength is {@code 1 / learningRate}. That is the knob: a small rate
 * keeps the weights small, which matters with more features (~1500) than rows (~400).
 * Tribuo 4.3.2's explicit penalties do not work for multi-class linear models: AdaGradRDA's
 * {@code l1}/{@code l2} are silently ignored for weight matrices (its per-matrix iteration counter
 * never advances; see {@code TribuoRegularisationCanaryTest}), and Pegasos drives the weight matrix
 * to zero (and its {@code copy()} swaps its two arguments). So no explicit {@code l2} is offered.
 *
 * @param name         the configuration name in reports
 * @param epochs       passes over the training rows (rows shuffled each pass, seeded)
 * @param learningRate AdaGrad's learning rate; its inverse is the strength of the implicit L2 term
 */
public record LogisticRegressionLearner(String name, int epochs, double learningRate) implements Learner {

    public LogisticRegressionLearner {
        if (epochs < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("LogisticRegressionLearner " + name + " needs epochs >= 1 and"
                    + " learningRate > 0, got epochs=" + epochs + ", learningRate=" + learningRate);
        }
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        Standardizer standardizer = Standardizer.fit(train.features());
        FeatureTable scaled = new FeatureTable(standardizer.apply(train.features()), train.labels(),
                train.speakers(), train.ids(), train.numClasses());
        var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGradRDA(learningRate, 1e-6), epochs, -1, 1, seed);
        return new TribuoClassifier(TribuoLogging.quietly(() -> trainer.train(TribuoAdapter.toDataset(scaled))),
                standardizer);
    }
}

package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real, tiny learner for tests: class centroids of the training rows; probabilities are a
 * softmax over negative squared distances. Records every table it is fitted on and every matrix
 * it scores so tests can check what it saw. Classes absent from training get no centroid and
 * probability 0. Safe to fit and score from several threads (the records are synchronised lists).
 */
public final class NearestCentroidLearner implements Learner {

    /** Every training table given to {@link #fit}, in call order. */
    public final List<FeatureTable> fitted = Collections.synchronizedList(new ArrayList<>());
    /** Every feature matrix given to {@code predictProba}, in call order. */
    public final List<float[][]> scored = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
        return "nearestCentroid";
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        fitted.add(train);
        int k = train.numClasses();
        int d = train.dimension();
        double[][] centroid = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < train.size(); i++) {
            count[train.labels()[i]]++;
            for (int j = 0; j < d; j++) {
                centroid[train.labels()[i]][j] += train.features()[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centroid[c][j] /= Math.max(1, count[c]);
            }
        }
        return features -> {
            scored.add(features);
            float[][] out = new float[features.length][k];
            for (int i = 0; i < features.length; i++) {
                double[] score = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double dist = 0;
                    for (int j = 0; j < d; j++) {
                        double v = features[i][j] - centroid[c][j];
                        dist += v * v;
                    }
                    score[c] = count[c] == 0 ? Double.NEGATIVE_INFINITY : -dist;
                    max = Math.max(max, score[c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    score[c] = Math.exp(score[c] - max);
                    sum += score[c];
                }
                for (int c = 0; c < k; c++) {
                    out[i][c] = (float) (score[c] / sum);
                }
            }
            return out;
        };
    }
}

package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.Random;

/**
 * Seeded synthetic data: seven classes, each an isotropic unit Gaussian around its own mean.
 * The first {@code informative} features carry the class means (drawn from N(0, separation²));
 * the rest are pure noise, as many acoustic functionals are.
 */
record GaussianClasses(int dimension, int informative, double separation, long seed) {

    static final int CLASSES = 7;

    /** {@code rows} rows with labels cycling through all classes; same seed, same rows. */
    FeatureTable sample(int rows, long sampleSeed) {
        double[][] means = means();
        Random rng = new Random(sampleSeed);
        float[][] x = new float[rows][dimension];
        int[] y = new int[rows];
        String[] speakers = new String[rows];
        String[] ids = new String[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < dimension; j++) {
                x[i][j] = (float) (means[y[i]][j] + rng.nextGaussian());
            }
            speakers[i] = "s" + (i % 10);
            ids[i] = "row" + i;
        }
        return new FeatureTable(x, y, speakers, ids, CLASSES);
    }

    private double[][] means() {
        Random rng = new Random(seed);
        double[][] m = new double[CLASSES][dimension];
        for (int k = 0; k < CLASSES; k++) {
            for (int j = 0; j < informative; j++) {
                m[k][j] = separation * rng.nextGaussian();
            }
        }
        return m;
    }
}

package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;

import java.util.Random;

/**
 * Seeded synthetic data for the nets' tests: one Gaussian blob per class around a random centre,
 * with feature {@code j} scaled by {@code 1 + j} and shifted by {@code 10 j} so that standardisation
 * matters. Separable enough that a small net reaches well over chance within a few epochs.
 */
public final class SeparableBlobs {

    private SeparableBlobs() {
    }

    /** {@code rows} rows (labels cycling 0..classes-1) of {@code features} features. */
    public static FeatureTable table(int rows, int features, int classes, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[classes][features];
        for (float[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        float[][] x = new float[rows][features];
        int[] y = new int[rows];
        String[] speakers = new String[rows];
        String[] ids = new String[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % classes;
            for (int j = 0; j < features; j++) {
                x[i][j] = (centres[y[i]][j] + 0.8f * (float) random.nextGaussian()) * (1 + j) + 10 * j;
            }
            speakers[i] = "s" + (i % 10);
            ids[i] = "row" + i;
        }
        return new FeatureTable(x, y, speakers, ids, classes);
    }

    /** Rows {@code [from, to)} of the table. */
    public static FeatureTable rows(FeatureTable table, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return table.select(idx);
    }
}

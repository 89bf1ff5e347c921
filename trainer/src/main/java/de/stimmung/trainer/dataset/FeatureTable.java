package de.stimmung.trainer.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled feature matrix: one row per utterance with its feature vector, its class index
 * (an {@link de.stimmung.model.Emotion} ordinal), its speaker and an id (the file name).
 * Arrays are shared, not copied: treat them as read-only.
 */
public record FeatureTable(float[][] features, int[] labels, String[] speakers, String[] ids, int numClasses) {

    public FeatureTable {
        Objects.requireNonNull(features, "features");
        int n = features.length;
        if (labels.length != n || speakers.length != n || ids.length != n) {
            throw new IllegalArgumentException("FeatureTable columns differ in length: features " + n
                    + ", labels " + labels.length + ", speakers " + speakers.length + ", ids " + ids.length);
        }
        if (n > 0) {
            int d = features[0].length;
            for (int i = 0; i < n; i++) {
                if (features[i].length != d) {
                    throw new IllegalArgumentException("row " + i + " (" + ids[i] + ") has " + features[i].length
                            + " features, row 0 has " + d);
                }
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException("row " + i + " (" + ids[i] + ") has label " + labels[i]
                            + ", expected 0.." + (numClasses - 1));
                }
            }
        }
    }

    public int size() {
        return features.length;
    }

    public int dimension() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** The rows at the given indices, in that order (arrays of rows shared, not copied). */
    public FeatureTable select(int[] rows) {
        float[][] f = new float[rows.length][];
        int[] l = new int[rows.length];
        String[] s = new String[rows.length];
        String[] id = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            f[i] = features[rows[i]];
            l[i] = labels[rows[i]];
            s[i] = speakers[rows[i]];
            id[i] = ids[rows[i]];
        }
        return new FeatureTable(f, l, s, id, numClasses);
    }

    /** The distinct speakers, sorted. */
    public String[] distinctSpeakers() {
        return Arrays.stream(speakers).distinct().sorted().toArray(String[]::new);
    }
}

package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Standardizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Label-free speaker adaptation: standardising each speaker's feature vectors with that speaker's
 * own statistics, so that a model sees "louder/higher than this speaker usually is" rather than
 * absolute values. Neither variant ever reads the labels; both return a new table with the same
 * labels, speakers and ids and new feature rows (the input is not modified).
 *
 * <ul>
 *   <li>{@link #full}: each speaker's rows use the mean and std of <em>all</em> of that speaker's
 *       rows. For a test speaker this is transductive: it assumes all of their (unlabelled)
 *       utterances are available before scoring, as in an offline batch.</li>
 *   <li>{@link #causal}: each row uses only the speaker's <em>previous</em> rows, in table order
 *       (for {@link de.stimmung.trainer.dataset.EmoDbCorpus} that is file-name order). This is
 *       what a live stream can do. Warm-up: while a speaker has fewer than {@code minHistory}
 *       previous rows, the row is standardised with the given population statistics (in
 *       cross-validation: those of the fold's raw training rows), or left as is if none are
 *       given.</li>
 * </ul>
 * Standard deviations are population std per feature; a spread below 1e-8 counts as 1 so that a
 * constant feature maps to 0 instead of dividing by zero. Stateless and thread-safe.
 */
public final class SpeakerNormalization {

    /** Default warm-up: a speaker's own statistics are used from their third utterance on. */
    public static final int DEFAULT_MIN_HISTORY = 2;

    private static final double MIN_STD = 1e-8;

    private SpeakerNormalization() {
    }

    /** Standardises every row with the mean/std of all rows of the same speaker. */
    public static FeatureTable full(FeatureTable table) {
        int d = table.dimension();
        Map<String, RunningStats> bySpeaker = new HashMap<>();
        for (int i = 0; i < table.size(); i++) {
            bySpeaker.computeIfAbsent(table.speakers()[i], s -> new RunningStats(d)).add(table.features()[i]);
        }
        float[][] out = new float[table.size()][];
        for (int i = 0; i < table.size(); i++) {
            out[i] = bySpeaker.get(table.speakers()[i]).standardise(table.features()[i]);
        }
        return withFeatures(table, out);
    }

    /** {@link #causal(FeatureTable, Standardizer, int)} with {@link #DEFAULT_MIN_HISTORY}. */
    public static FeatureTable causal(FeatureTable table, Standardizer warmUp) {
        return causal(table, warmUp, DEFAULT_MIN_HISTORY);
    }

    /**
     * Standardises row {@code i} with the mean/std of the rows of the same speaker that come before
     * {@code i} in the table.
     *
     * @param warmUp     statistics for rows whose speaker has fewer than {@code minHistory}
     *                   previous rows; {@code null} leaves those rows unchanged
     * @param minHistory how many previous rows a speaker needs before their own statistics are
     *                   used; at least 1
     */
    public static FeatureTable causal(FeatureTable table, Standardizer warmUp, int minHistory) {
        if (minHistory < 1) {
            throw new IllegalArgumentException("minHistory must be at least 1 (a mean needs one previous row), got "
                    + minHistory);
        }
        int d = table.dimension();
        if (warmUp != null && warmUp.mean().length != d) {
            throw new IllegalArgumentException("warm-up statistics have " + warmUp.mean().length
                    + " features, the table has " + d + "; fit them on rows of the same feature set");
        }
        Map<String, RunningStats> past = new HashMap<>();
        float[][] out = new float[table.size()][];
        for (int i = 0; i < table.size(); i++) {
            float[] row = table.features()[i];
            RunningStats history = past.computeIfAbsent(table.speakers()[i], s -> new RunningStats(d));
            if (history.count >= minHistory) {
                out[i] = history.standardise(row);
            } else if (warmUp != null) {
                out[i] = warmUp.apply(new float[][] {row})[0];
            } else {
                out[i] = row.clone();
            }
            history.add(row); // only after use: row i never sees itself or later rows
        }
        return withFeatures(table, out);
    }

    private static FeatureTable withFeatures(FeatureTable t, float[][] features) {
        return new FeatureTable(features, t.labels(), t.speakers(), t.ids(), t.numClasses());
    }

    /** Welford's running mean and sum of squared deviations, per feature. */
    private static final class RunningStats {
        private final double[] mean;
        private final double[] m2;
        private int count;

        RunningStats(int d) {
            mean = new double[d];
            m2 = new double[d];
        }

        void add(float[] row) {
            count++;
            for (int j = 0; j < mean.length; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / count;
                m2[j] += delta * (row[j] - mean[j]);
            }
        }

        float[] standardise(float[] row) {
            float[] o = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                double std = Math.sqrt(m2[j] / count);
                o[j] = (float) ((row[j] - mean[j]) / (std < MIN_STD ? 1 : std));
            }
            return o;
        }
    }
}

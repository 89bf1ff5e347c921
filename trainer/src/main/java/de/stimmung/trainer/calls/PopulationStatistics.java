package de.stimmung.trainer.calls;

import de.stimmung.model.CallNormalizer;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.ChannelGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link CallNormalizer}'s population statistics on training rows: the mean of every row,
 * and the pooled <em>within-group</em> standard deviation, where a group is one speaker heard one
 * way (the clean recordings of a speaker; each of their training copies, such as one telephone
 * line or one speed, is a group of its own). So the spread is how much one voice on one line
 * varies from utterance to utterance, which is what the call's own spread is shrunk toward.
 */
public final class PopulationStatistics {

    private PopulationStatistics() {
    }

    /**
     * @param train  the training rows (clean), grouped by speaker
     * @param copies per kind of copy (speed, telephone), per row id, the row's copies; copy
     *               {@code c} of every row of a speaker forms one group
     * @param prior  the shrinkage strength of the normaliser, in utterances
     */
    public static CallNormalizer fit(FeatureTable train, List<Map<String, List<float[]>>> copies, double prior) {
        return fit(train, copies, prior, 0);
    }

    /**
     * Like {@link #fit(FeatureTable, List, double)}, but only the features whose differences
     * between voices are larger than those between emotions are normalised: a feature is kept
     * when the variance of the group means (every group's mean balanced over its emotions) is at
     * least {@code speakerDominance} times the variance of the emotion means (each emotion's mean
     * balanced over groups). The other features get a spread of 0, which the normaliser leaves as
     * they are. So loudness and pitch level, which carry arousal, can stay absolute while timbre
     * and line colouring are normalised. {@code speakerDominance} 0 keeps every feature. Uses the
     * training rows' labels (never a test speaker's). The {@link ChannelGate}'s two features always
     * get a spread of 0, so a per-channel model still chooses its network from raw values.
     */
    public static CallNormalizer fit(FeatureTable train, List<Map<String, List<float[]>>> copies, double prior,
            double speakerDominance) {
        Map<String, List<float[]>> groups = new LinkedHashMap<>();
        Map<String, List<Integer>> groupLabels = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            String speaker = train.speakers()[i];
            add(groups, groupLabels, speaker, train.features()[i], train.labels()[i]);
            for (int kind = 0; kind < copies.size(); kind++) {
                List<float[]> rowCopies = copies.get(kind).getOrDefault(train.ids()[i], List.of());
                for (int c = 0; c < rowCopies.size(); c++) {
                    add(groups, groupLabels, speaker + "/" + kind + "/" + c, rowCopies.get(c), train.labels()[i]);
                }
            }
        }
        int d = train.dimension();
        boolean[] keep = speakerDominance <= 0 ? null
                : speakerDominant(groups, groupLabels, train.numClasses(), d, speakerDominance);
        double[] sum = new double[d];
        long rows = 0;
        double[] within = new double[d];
        long dof = 0;
        for (List<float[]> g : groups.values()) {
            double[] mean = new double[d];
            for (float[] x : g) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[j];
                    sum[j] += x[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= g.size();
            }
            for (float[] x : g) {
                for (int j = 0; j < d; j++) {
                    double dev = x[j] - mean[j];
                    within[j] += dev * dev;
                }
            }
            rows += g.size();
            dof += g.size() - 1;
        }
        if (dof <= 0) {
            throw new IllegalArgumentException("population statistics need at least one speaker with two utterances");
        }
        float[] mu = new float[d];
        float[] sigma = new float[d];
        for (int j = 0; j < d; j++) {
            mu[j] = (float) (sum[j] / rows);
            sigma[j] = keep == null || keep[j] ? (float) Math.sqrt(within[j] / dof) : 0f;
        }
        // A model with one network per channel picks its network from these two raw features: never remapped
        for (int j : ChannelGate.features(d)) {
            sigma[j] = 0f;
        }
        return new CallNormalizer(mu, sigma, prior);
    }

    private static void add(Map<String, List<float[]>> groups, Map<String, List<Integer>> labels, String group,
            float[] x, int label) {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(x);
        labels.computeIfAbsent(group, g -> new ArrayList<>()).add(label);
    }

    private static boolean[] speakerDominant(Map<String, List<float[]>> groups, Map<String, List<Integer>> labels,
            int classes, int d, double ratio) {
        // cell means per (group, emotion)
        List<double[][]> cells = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        for (Map.Entry<String, List<float[]>> g : groups.entrySet()) {
            double[][] mean = new double[classes][d];
            int[] n = new int[classes];
            List<Integer> ls = labels.get(g.getKey());
            for (int i = 0; i < g.getValue().size(); i++) {
                int c = ls.get(i);
                n[c]++;
                float[] x = g.getValue().get(i);
                for (int j = 0; j < d; j++) {
                    mean[c][j] += x[j];
                }
            }
            boolean[] has = new boolean[classes];
            for (int c = 0; c < classes; c++) {
                has[c] = n[c] > 0;
                for (int j = 0; j < d && has[c]; j++) {
                    mean[c][j] /= n[c];
                }
            }
            cells.add(mean);
            present.add(has);
        }
        double[][] groupMean = new double[cells.size()][d];
        for (int g = 0; g < cells.size(); g++) {
            int n = 0;
            for (int c = 0; c < classes; c++) {
                if (present.get(g)[c]) {
                    n++;
                    for (int j = 0; j < d; j++) {
                        groupMean[g][j] += cells.get(g)[c][j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                groupMean[g][j] /= n;
            }
        }
        double[][] emotionMean = new double[classes][d];
        int[] emotionGroups = new int[classes];
        for (int c = 0; c < classes; c++) {
            for (int g = 0; g < cells.size(); g++) {
                if (present.get(g)[c]) {
                    emotionGroups[c]++;
                    for (int j = 0; j < d; j++) {
                        emotionMean[c][j] += cells.get(g)[c][j];
                    }
                }
            }
            for (int j = 0; j < d && emotionGroups[c] > 0; j++) {
                emotionMean[c][j] /= emotionGroups[c];
            }
        }
        boolean[] keep = new boolean[d];
        for (int j = 0; j < d; j++) {
            double betweenGroups = variance(groupMean, j, null);
            double betweenEmotions = variance(emotionMean, j, emotionGroups);
            keep[j] = betweenGroups >= ratio * betweenEmotions;
        }
        return keep;
    }

    private static double variance(double[][] means, int j, int[] weights) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < means.length; i++) {
            if (weights == null || weights[i] > 0) {
                sum += means[i][j];
                n++;
            }
        }
        double m = sum / n;
        double ss = 0;
        for (int i = 0; i < means.length; i++) {
            if (weights == null || weights[i] > 0) {
                ss += (means[i][j] - m) * (means[i][j] - m);
            }
        }
        return ss / n;
    }
}

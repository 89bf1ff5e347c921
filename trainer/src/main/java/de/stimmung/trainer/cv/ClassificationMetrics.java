package de.stimmung.trainer.cv;

import java.util.Arrays;

/**
 * Metrics of one set of predictions. {@code confusion[t][p]} counts rows with true class {@code t}
 * predicted as {@code p}. Per class: precision = TP / (TP + FP), recall = TP / (TP + FN),
 * F1 = 2PR / (P + R); each is 0 when its denominator is 0 (a class never predicted has precision 0,
 * a class absent from the true labels has recall 0).
 *
 * <p>The macro figures average over the classes <em>present</em> in the true labels only
 * ({@link #present()}): speaker 08 has no disgust, so disgust is left out of that fold's macro
 * average rather than counted as 0. Errors into an absent class still count, through the recall of
 * the true class. Accuracy = trace / total. Arrays are shared: treat them as read-only.
 */
public record ClassificationMetrics(int[][] confusion, double[] precision, double[] recall, double[] f1,
                                    boolean[] present, double accuracy,
                                    double macroPrecision, double macroRecall, double macroF1) {

    /**
     * Metrics of predicted against true class indices.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold an index
     *                                  outside {@code 0..numClasses-1}
     */
    public static ClassificationMetrics of(int[] trueLabels, int[] predicted, int numClasses) {
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException("true labels (" + trueLabels.length + ") and predictions ("
                    + predicted.length + ") differ in length");
        }
        int[][] confusion = new int[numClasses][numClasses];
        for (int i = 0; i < trueLabels.length; i++) {
            if (trueLabels[i] < 0 || trueLabels[i] >= numClasses || predicted[i] < 0 || predicted[i] >= numClasses) {
                throw new IllegalArgumentException("row " + i + ": true " + trueLabels[i] + ", predicted " + predicted[i]
                        + "; class indices must be in 0.." + (numClasses - 1));
            }
            confusion[trueLabels[i]][predicted[i]]++;
        }
        return fromConfusion(confusion);
    }

    /**
     * Metrics of a square confusion matrix (rows true, columns predicted).
     *
     * @throws IllegalArgumentException if it is not square or counts nothing
     */
    public static ClassificationMetrics fromConfusion(int[][] confusion) {
        int k = confusion.length;
        long total = 0;
        long correct = 0;
        int[] rowSum = new int[k];
        int[] colSum = new int[k];
        for (int t = 0; t < k; t++) {
            if (confusion[t].length != k) {
                throw new IllegalArgumentException("confusion matrix must be square, row " + t + " has "
                        + confusion[t].length + " columns, expected " + k);
            }
            for (int p = 0; p < k; p++) {
                rowSum[t] += confusion[t][p];
                colSum[p] += confusion[t][p];
                total += confusion[t][p];
            }
            correct += confusion[t][t];
        }
        if (total == 0) {
            throw new IllegalArgumentException("no predictions to score: the confusion matrix is all zeros");
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        boolean[] present = new boolean[k];
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        int nPresent = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            precision[c] = colSum[c] == 0 ? 0 : (double) tp / colSum[c];
            recall[c] = rowSum[c] == 0 ? 0 : (double) tp / rowSum[c];
            double pr = precision[c] + recall[c];
            f1[c] = pr == 0 ? 0 : 2 * precision[c] * recall[c] / pr;
            present[c] = rowSum[c] > 0;
            if (present[c]) {
                nPresent++;
                sumP += precision[c];
                sumR += recall[c];
                sumF += f1[c];
            }
        }
        int[][] copy = Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
        return new ClassificationMetrics(copy, precision, recall, f1, present, (double) correct / total,
                sumP / nPresent, sumR / nPresent, sumF / nPresent);
    }

    /** Number of scored rows. */
    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }
}

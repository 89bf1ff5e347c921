package de.stimmung.trainer.cv;

/**
 * How well predicted probabilities match observed frequencies, over a set of predictions.
 *
 * @param ece          expected calibration error: the row-weighted mean |accuracy - mean
 *                     confidence| over {@value #BINS} equal-width confidence bins (of the top class)
 * @param brier        mean over rows of the squared distance between the probability vector and
 *                     the one-hot truth (multi-class Brier score, 0..2)
 * @param logLoss      mean negative log probability of the true class (probabilities floored at 1e-12)
 * @param accuracy     fraction of rows whose top class is the truth
 * @param confidence   mean top-class probability
 * @param binCount     rows per bin
 * @param binAccuracy  accuracy per bin (0 for an empty bin)
 * @param binConfidence mean confidence per bin (bin centre for an empty bin)
 */
public record CalibrationMetrics(double ece, double brier, double logLoss, double accuracy, double confidence,
        int[] binCount, double[] binAccuracy, double[] binConfidence) {

    /** Equal-width confidence bins of the ECE, as the reports ask. */
    public static final int BINS = 15;

    /**
     * The metrics of probability rows against true labels.
     *
     * @throws IllegalArgumentException for no rows or rows and labels of different counts
     */
    public static CalibrationMetrics of(float[][] probabilities, int[] labels) {
        int n = probabilities.length;
        if (n == 0 || n != labels.length) {
            throw new IllegalArgumentException("calibration needs one label per probability row, got " + n
                    + " rows and " + labels.length + " labels");
        }
        int[] count = new int[BINS];
        double[] correct = new double[BINS];
        double[] conf = new double[BINS];
        double brier = 0;
        double logLoss = 0;
        double hits = 0;
        double confSum = 0;
        for (int i = 0; i < n; i++) {
            float[] p = probabilities[i];
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            double top = p[best];
            int bin = Math.min(BINS - 1, (int) Math.floor(top * BINS));
            boolean hit = best == labels[i];
            count[bin]++;
            correct[bin] += hit ? 1 : 0;
            conf[bin] += top;
            hits += hit ? 1 : 0;
            confSum += top;
            for (int c = 0; c < p.length; c++) {
                double d = p[c] - (c == labels[i] ? 1 : 0);
                brier += d * d;
            }
            logLoss -= Math.log(Math.max(TemperatureScaling.FLOOR, p[labels[i]]));
        }
        double ece = 0;
        double[] binAccuracy = new double[BINS];
        double[] binConfidence = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                binAccuracy[b] = correct[b] / count[b];
                binConfidence[b] = conf[b] / count[b];
                ece += (double) count[b] / n * Math.abs(binAccuracy[b] - binConfidence[b]);
            } else {
                binConfidence[b] = (b + 0.5) / BINS;
            }
        }
        return new CalibrationMetrics(ece, brier / n, logLoss / n, hits / n, confSum / n, count, binAccuracy,
                binConfidence);
    }
}

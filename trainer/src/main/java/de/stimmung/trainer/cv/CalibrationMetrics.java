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
 * @param eceFloor     the ECE's sampling floor for these rows: its mean over {@value #FLOOR_DRAWS}
 *                     seeded draws of the outcomes an exactly calibrated model would have (each row
 *                     right with probability its confidence), binned alike. A finite set of rows shows
 *                     this much ECE even when every probability is right, so an ECE near it is as
 *                     good as these rows can tell apart
 * @param eceFloorP95  the 95th percentile of those draws' ECE
 */
public record CalibrationMetrics(double ece, double brier, double logLoss, double accuracy, double confidence,
        int[] binCount, double[] binAccuracy, double[] binConfidence, double eceFloor, double eceFloorP95) {

    /** Seeded outcome draws behind {@link #eceFloor}. */
    public static final int FLOOR_DRAWS = 400;

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
        double[] tops = new double[n];
        int[] bins = new int[n];
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
            tops[i] = top;
            bins[i] = bin;
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
        double[] floor = floor(tops, bins, count, conf);
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
                binConfidence, floor[0], floor[1]);
    }

    /**
     * Mean and 95th percentile of the ECE over {@link #FLOOR_DRAWS} draws of exactly calibrated
     * outcomes for the given top-class confidences (one fixed seed: the same rows give the same floor).
     */
    private static double[] floor(double[] tops, int[] bins, int[] count, double[] confSum) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(FLOOR_SEED);
        double[] eces = new double[FLOOR_DRAWS];
        double[] correct = new double[BINS];
        for (int d = 0; d < FLOOR_DRAWS; d++) {
            java.util.Arrays.fill(correct, 0);
            for (int i = 0; i < tops.length; i++) {
                if (random.nextDouble() < tops[i]) {
                    correct[bins[i]]++;
                }
            }
            double e = 0;
            for (int b = 0; b < BINS; b++) {
                if (count[b] > 0) {
                    e += Math.abs(correct[b] - confSum[b]) / tops.length;
                }
            }
            eces[d] = e;
        }
        double mean = java.util.Arrays.stream(eces).average().orElse(0);
        java.util.Arrays.sort(eces);
        return new double[] {mean, eces[(int) Math.ceil(0.95 * FLOOR_DRAWS) - 1]};
    }

    private static final long FLOOR_SEED = 0x5EEDL;
}

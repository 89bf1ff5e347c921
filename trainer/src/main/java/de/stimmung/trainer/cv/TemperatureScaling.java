package de.stimmung.trainer.cv;

/**
 * Temperature scaling (Guo et al., 2017): one scalar {@code T > 0} that divides a classifier's
 * logits before the softmax, fitted by minimising the log loss of held-out predictions. It
 * changes confidence, never the ranking of classes, so accuracy and F1 stay as they are.
 * Works on probabilities: {@code softmax(log p / T)} equals {@code softmax(z / T)} for logits
 * {@code z}, since {@code log p} differs from {@code z} by a per-row constant. Immutable.
 *
 * @param temperature the fitted temperature; 1 leaves probabilities unchanged, above 1 softens them
 */
public record TemperatureScaling(double temperature) {

    /** Smallest and largest temperature the fit considers. */
    static final double MIN_T = 0.05;
    static final double MAX_T = 20.0;
    /** Probabilities are floored here before the logarithm, as float32 softmax outputs can be 0. */
    static final double FLOOR = 1e-12;

    public TemperatureScaling {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
    }

    /** No change. */
    public static TemperatureScaling identity() {
        return new TemperatureScaling(1.0);
    }

    /**
     * Fits the temperature that minimises the mean log loss of {@code probabilities} against
     * {@code labels} (golden-section search over log T in [{@value #MIN_T}, {@value #MAX_T}];
     * the loss is convex in 1/T).
     *
     * @throws IllegalArgumentException for no rows or rows and labels of different counts
     */
    public static TemperatureScaling fit(float[][] probabilities, int[] labels) {
        if (probabilities.length == 0 || probabilities.length != labels.length) {
            throw new IllegalArgumentException("temperature scaling needs one label per probability row, got "
                    + probabilities.length + " rows and " + labels.length + " labels");
        }
        double[][] logs = logs(probabilities);
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = logLoss(logs, labels, Math.exp(a));
        double fb = logLoss(logs, labels, Math.exp(b));
        for (int i = 0; i < 100 && hi - lo > 1e-7; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = logLoss(logs, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = logLoss(logs, labels, Math.exp(b));
            }
        }
        return new TemperatureScaling(Math.exp((lo + hi) / 2));
    }

    /** The rows rescaled: {@code softmax(log p / T)} per row (new arrays). */
    public float[][] apply(float[][] probabilities) {
        float[][] out = new float[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            out[i] = apply(probabilities[i]);
        }
        return out;
    }

    /** One row rescaled (a new array). */
    public float[] apply(float[] p) {
        double[] z = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            z[c] = Math.log(Math.max(FLOOR, p[c])) / temperature;
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        float[] out = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            out[c] = (float) (z[c] / sum);
        }
        return out;
    }

    private static double[][] logs(float[][] p) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            for (int c = 0; c < p[i].length; c++) {
                out[i][c] = Math.log(Math.max(FLOOR, p[i][c]));
            }
        }
        return out;
    }

    private static double logLoss(double[][] logs, int[] labels, double t) {
        double total = 0;
        for (int i = 0; i < logs.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logs[i]) {
                max = Math.max(max, v / t);
            }
            double sum = 0;
            for (double v : logs[i]) {
                sum += Math.exp(v / t - max);
            }
            total -= logs[i][labels[i]] / t - max - Math.log(sum);
        }
        return total / logs.length;
    }
}

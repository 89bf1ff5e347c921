package de.stimmung.trainer.cv;

/**
 * Mean and spread of one figure over folds. {@code std} is the population standard deviation
 * (divide by n, not n - 1): the folds are all the speakers we have, not a sample of folds; it is
 * 0 for a single value.
 */
public record Summary(double mean, double std) {

    /**
     * Summarises the values.
     *
     * @throws IllegalArgumentException if there are none
     */
    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot summarise zero values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Summary(mean, Math.sqrt(ss / values.length));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}

package de.stimmung.cli.load;

import java.util.Arrays;

/**
 * Latencies in milliseconds collected by one thread, with order statistics. Not thread-safe:
 * the load test's consumer thread owns it and hands out copies.
 */
final class LatencySample {

    private double[] values = new double[1024];
    private int count;

    void add(double ms) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = ms;
    }

    int count() {
        return count;
    }

    void clear() {
        count = 0;
    }

    /** A sorted copy of the values. */
    double[] sorted() {
        double[] s = Arrays.copyOf(values, count);
        Arrays.sort(s);
        return s;
    }

    /** The {@code p}-quantile (0..1, nearest rank) of sorted values; NaN when empty. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

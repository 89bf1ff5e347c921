package de.stimmung.features;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics that summarise one descriptor contour into fixed-length numbers. Pure
 * functions of the values given; every result is finite (an empty contour gives zeros).
 */
final class Functionals {

    /** Names of the per-contour functionals, in output order. */
    static final List<String> NAMES = List.of("mean", "stddev", "skewness", "kurtosis", "pctl05", "pctl25",
            "pctl50", "pctl75", "pctl95", "iqr25to75", "range05to95", "slopePerSec");

    static final int COUNT = NAMES.size();

    private Functionals() {
    }

    /**
     * Writes the {@link #COUNT} functionals of {@code values[0..n)}, observed at times
     * {@code timesSec[0..n)}, to {@code out[off..off+COUNT)}; the values must be floats widened to
     * double (they come from float contours). {@code order} is sorting scratch. Population moments; percentiles by linear interpolation between order
     * statistics; slope of the least-squares line through (time, value) in units per second.
     * A constant contour has skewness and kurtosis 0.
     */
    static void compute(double[] values, double[] timesSec, int n, OrderStatistics order, float[] out, int off) {
        if (n == 0) {
            Arrays.fill(out, off, off + COUNT, 0f);
            return;
        }
        // two passes serve the moments and the regression slope together (same sums, same order
        // as computing them apart, so the results are bit-identical)
        double sum = 0;
        double sumTimes = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
            sumTimes += timesSec[i];
        }
        double mean = sum / n;
        double meanTime = sumTimes / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double stt = 0;
        double stv = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            double dt = timesSec[i] - meanTime;
            stt += dt * dt;
            stv += dt * d;
        }
        double slope = n < 2 || stt <= 0 ? 0 : stv / stt;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double std = Math.sqrt(m2);
        boolean flat = std <= 1e-9 * Math.max(1.0, Math.abs(mean));
        order.sort(values, n);
        double p05 = order.percentile(0.05);
        double p25 = order.percentile(0.25);
        double p50 = order.percentile(0.50);
        double p75 = order.percentile(0.75);
        double p95 = order.percentile(0.95);
        out[off] = (float) mean;
        out[off + 1] = (float) std;
        out[off + 2] = flat ? 0f : (float) (m3 / (m2 * std));
        out[off + 3] = flat ? 0f : (float) (m4 / (m2 * m2));
        out[off + 4] = (float) p05;
        out[off + 5] = (float) p25;
        out[off + 6] = (float) p50;
        out[off + 7] = (float) p75;
        out[off + 8] = (float) p95;
        out[off + 9] = (float) (p75 - p25);
        out[off + 10] = (float) (p95 - p05);
        out[off + 11] = (float) slope;
    }

    /** Mean and population standard deviation of {@code values[0..n)} into out[off], out[off+1]; zeros if n = 0. */
    static void meanStd(double[] values, int n, float[] out, int off) {
        if (n == 0) {
            out[off] = 0f;
            out[off + 1] = 0f;
            return;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        out[off] = (float) mean;
        out[off + 1] = (float) Math.sqrt(ss / n);
    }}

package de.stimmung.trainer.learners;

/**
 * Per-feature z-score standardisation fitted on training rows: {@code (x - mean) / std}.
 * A feature with (near) zero spread gets std 1 so it maps to 0 instead of dividing by zero.
 * Immutable and thread-safe once built.
 */
public record Standardizer(float[] mean, float[] std) {

    /** Fits mean and population standard deviation per column (in double precision). */
    public static Standardizer fit(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a Standardizer on zero rows");
        }
        int d = rows[0].length;
        double[] sum = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sum[j] += r[j];
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / rows.length);
        }
        double[] ss = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                double v = r[j] - mean[j];
                ss[j] += v * v;
            }
        }
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(ss[j] / rows.length);
            std[j] = s < 1e-8 ? 1f : (float) s;
        }
        return new Standardizer(mean, std);
    }

    /** A new standardised copy of the rows (float arithmetic, as the exported ONNX graph does it). */
    public float[][] apply(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            float[] o = new float[r.length];
            for (int j = 0; j < r.length; j++) {
                o[j] = (r[j] - mean[j]) / std[j];
            }
            out[i] = o;
        }
        return out;
    }
}

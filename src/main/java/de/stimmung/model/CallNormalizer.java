package de.stimmung.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Causal per-call speaker normalisation: one call channel is one speaker, so the feature vectors
 * of the call's earlier utterances tell how this speaker (and this line) usually sounds. Each new
 * vector is remapped feature by feature from the call's own statistics onto the population's,
 * <pre>
 *   x' = mu + sigma * (x - m) / s
 * </pre>
 * where {@code mu} is the population mean, {@code sigma} the typical within-speaker spread of the
 * training data, and {@code m}, {@code s} the call's mean and spread <em>shrunk toward</em>
 * {@code mu} and {@code sigma} with a prior worth {@code k} utterances:
 * <pre>
 *   m   = (n * callMean + k * mu) / (n + k)
 *   s^2 = (callSumOfSquares + k * sigma^2) / (max(n - 1, 0) + k)
 * </pre>
 * With no history ({@code n = 0}) the vector is unchanged, so the first utterance of a call scores
 * exactly as {@code classify} scores it; with many, a speaker who is always loud or high is mapped
 * to an average voice before the model sees them. The model itself is unchanged: it was trained on
 * raw vectors of many speakers, and a remapped vector looks like one of theirs. Only the call's
 * <em>earlier</em> utterances count (the current one is added after it is scored), and only
 * utterances with speech.
 *
 * <p>The population statistics come from the trainer (ONNX metadata {@link ModelContract#CALL_NORMALIZER}); the
 * state of one call is a {@link State}, serialised into the call's state store so it survives
 * restarts. Immutable and thread-safe; {@link State} is not thread-safe.
 */
public final class CallNormalizer {

    private static final double MIN_SPREAD = 1e-8;

    private final float[] mean;
    private final float[] spread;
    private final double prior;

    /**
     * @param mean   population mean per feature
     * @param spread typical within-speaker standard deviation per feature (a spread below 1e-8
     *               leaves that feature unchanged)
     * @param prior  the shrinkage strength {@code k}, in utterances; must be positive
     */
    public CallNormalizer(float[] mean, float[] spread, double prior) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(spread, "spread");
        if (mean.length != spread.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and spread need one entry per feature, got " + mean.length + " and "
                    + spread.length);
        }
        if (!(prior > 0) || Double.isInfinite(prior)) {
            throw new IllegalArgumentException("the prior must be a positive number of utterances, got " + prior);
        }
        this.mean = mean.clone();
        this.spread = spread.clone();
        this.prior = prior;
    }

    /** Same population statistics, another prior. */
    public CallNormalizer withPrior(double k) {
        return new CallNormalizer(mean, spread, k);
    }

    public int dimension() {
        return mean.length;
    }

    public double prior() {
        return prior;
    }

    /** How many features this normaliser remaps (the others, of spread 0, pass unchanged). */
    public int normalisedFeatures() {
        int n = 0;
        for (float s : spread) {
            if (s >= MIN_SPREAD) {
                n++;
            }
        }
        return n;
    }

    /** A new call's state: no history. */
    public State start() {
        return new State(mean.length);
    }

    /** The remapped copy of {@code x} given the call's history (the input is not modified). */
    public float[] apply(State state, float[] x) {
        check(state, x);
        float[] out = new float[x.length];
        int n = state.count;
        for (int j = 0; j < x.length; j++) {
            double sigma = spread[j];
            if (n == 0 || sigma < MIN_SPREAD) {
                out[j] = x[j];
                continue;
            }
            double m = (n * state.mean[j] + prior * mean[j]) / (n + prior);
            double v = (state.m2[j] + prior * sigma * sigma) / (Math.max(n - 1, 0) + prior);
            double s = Math.sqrt(v);
            out[j] = (float) (mean[j] + sigma * (x[j] - m) / (s < MIN_SPREAD ? sigma : s));
        }
        return out;
    }

    /** Adds {@code x} (a raw vector of the call, after it was scored) to the call's history. */
    public void update(State state, float[] x) {
        check(state, x);
        state.count++;
        for (int j = 0; j < x.length; j++) {
            double delta = x[j] - state.mean[j];
            state.mean[j] += delta / state.count;
            state.m2[j] += delta * (x[j] - state.mean[j]);
        }
    }

    private void check(State state, float[] x) {
        if (x.length != mean.length || state.mean.length != mean.length) {
            throw new IllegalArgumentException("vector of " + x.length + " features / state of " + state.mean.length
                    + " for a normaliser of " + mean.length);
        }
    }

    /** The metadata form: {@code k;mean0,mean1,...;spread0,spread1,...} (decimal, Locale.ROOT). */
    public String encode() {
        return String.format(Locale.ROOT, "%s;%s;%s", Double.toString(prior), join(mean), join(spread));
    }

    /**
     * Parses {@link #encode()}'s form.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CallNormalizer decode(String text) {
        String[] parts = text.trim().split(";");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a call normaliser is 'prior;means;spreads', got " + parts.length
                    + " parts");
        }
        try {
            return new CallNormalizer(floats(parts[1]), floats(parts[2]), Double.parseDouble(parts[0]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a call normaliser holds decimal numbers: " + e.getMessage(), e);
        }
    }

    private static String join(float[] v) {
        StringJoiner j = new StringJoiner(",");
        for (float f : v) {
            j.add(Float.toString(f));
        }
        return j.toString();
    }

    private static float[] floats(String csv) {
        String[] items = csv.split(",");
        float[] out = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = Float.parseFloat(items[i]);
        }
        return out;
    }

    /** One call's history: count, running mean and sum of squared deviations (Welford). */
    public static final class State {
        private int count;
        private final double[] mean;
        private final double[] m2;

        private State(int d) {
            mean = new double[d];
            m2 = new double[d];
        }

        /** Utterances seen so far. */
        public int count() {
            return count;
        }

        /** Bytes for a state store: count, then mean and sum of squares per feature. */
        public byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(8 + 16 * mean.length);
            b.putInt(count).putInt(mean.length);
            for (double v : mean) {
                b.putDouble(v);
            }
            for (double v : m2) {
                b.putDouble(v);
            }
            return b.array();
        }

        /**
         * Reads {@link #toBytes()}'s form.
         *
         * @throws IllegalArgumentException if the bytes are not a state of {@code dimension} features
         */
        public static State fromBytes(byte[] bytes, int dimension) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (bytes.length != 8 + 16 * dimension) {
                throw new IllegalArgumentException("a normaliser state of " + dimension + " features has "
                        + (8 + 16 * dimension) + " bytes, got " + bytes.length);
            }
            int count = b.getInt();
            int d = b.getInt();
            if (d != dimension || count < 0) {
                throw new IllegalArgumentException("normaliser state of " + d + " features (count " + count
                        + "), expected " + dimension);
            }
            State s = new State(d);
            s.count = count;
            for (int j = 0; j < d; j++) {
                s.mean[j] = b.getDouble();
            }
            for (int j = 0; j < d; j++) {
                s.m2[j] = b.getDouble();
            }
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.count == count && Arrays.equals(s.mean, mean) && Arrays.equals(s.m2, m2);
        }

        @Override
        public int hashCode() {
            return 31 * count + Arrays.hashCode(mean);
        }
    }
}

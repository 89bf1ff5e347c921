package de.stimmung.features;

import java.util.List;

/**
 * The one feature extractor of Stimmung, shared by the trainer and the service so that
 * training and serving cannot drift apart. Built once per {@link FeatureSpec}; it holds only
 * immutable tables and is thread-safe. Each utterance is extracted by an
 * {@link UtteranceExtraction} session (one per thread), or in one call by {@link #extract}.
 */
public final class FeatureExtractor {

    private final FeatureSpec spec;
    private final AnalysisTables tables;
    private final List<String> names;
    private final String version;

    public FeatureExtractor(FeatureSpec spec) {
        this.spec = spec;
        this.tables = new AnalysisTables(spec);
        this.names = spec.featureNames();
        this.version = spec.version();
    }

    /** An extractor for {@link FeatureSpec#defaults()}. */
    public static FeatureExtractor withDefaults() {
        return new FeatureExtractor(FeatureSpec.defaults());
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** The spec's version hash (cached). */
    public String version() {
        return version;
    }

    /** Feature names in vector order (cached). */
    public List<String> featureNames() {
        return names;
    }

    /** Length of every vector this extractor returns. */
    public int dimension() {
        return names.size();
    }

    /**
     * Starts an incremental extraction of one utterance whose audio arrives at {@code inputRateHz}.
     *
     * @throws IllegalArgumentException if the rate is outside
     *         {@value UtteranceExtraction#MIN_RATE_HZ}..{@value UtteranceExtraction#MAX_RATE_HZ} Hz
     */
    public UtteranceExtraction start(int inputRateHz) {
        return new UtteranceExtraction(this, tables, inputRateHz);
    }

    /**
     * The feature vector of a whole utterance in one call.
     *
     * @throws IllegalArgumentException for an unsupported rate or a non-finite sample
     * @throws IllegalStateException    for an empty utterance
     */
    public float[] extract(float[] samples, int sampleRateHz) {
        UtteranceExtraction u = start(sampleRateHz);
        u.accept(samples, 0, samples.length);
        return u.finish();
    }
}

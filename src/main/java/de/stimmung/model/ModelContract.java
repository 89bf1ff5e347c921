package de.stimmung.model;

import java.util.List;

/**
 * The contract between the trainer's exported ONNX model and the service: tensor names, the
 * metadata keys the trainer writes, and the label order. Both sides use these constants.
 */
public final class ModelContract {

    /** Input tensor: float32 [N, featureDimension], the raw (unstandardised) feature vectors. */
    public static final String INPUT = "features";
    /** Output tensor: float32 [N, 7], class probabilities in {@link Emotion} order. */
    public static final String OUTPUT = "probabilities";
    /**
     * Optional output tensor of a model with one network per channel: float32 [N, 1], 1 where its
     * wideband network scored the row, 0 where its telephone network did.
     */
    public static final String WIDEBAND_OUTPUT = "wideband";
    /** {@link EmotionScorer.Scored#network()} of a row scored by the wideband network. */
    public static final String WIDEBAND_NETWORK = "wideband";
    /** {@link EmotionScorer.Scored#network()} of a row scored by the telephone network. */
    public static final String TELEPHONE_NETWORK = "telephone";

    /** Metadata: comma-separated labels in output order. */
    public static final String LABELS = "labels";
    /** Metadata: the {@code FeatureSpec} version hash the model was trained with. */
    public static final String FEATURE_SPEC_HASH = "feature_spec_hash";
    /** Metadata: the length of the input feature vector. */
    public static final String FEATURE_DIMENSION = "feature_dimension";
    /** Metadata: the model's version string (also in every emitted event). */
    public static final String MODEL_VERSION = "model_version";
    /** Metadata: a hash of the training data (file names and contents). */
    public static final String TRAINING_DATA_FINGERPRINT = "training_data_fingerprint";
    /** Metadata: cross-validation scores as JSON. */
    public static final String CV_SCORES = "cv_scores";
    /** Metadata: the learner configuration as JSON. */
    public static final String CONFIG = "config";
    /**
     * Metadata (optional): the population statistics of the per-call speaker normaliser, in
     * {@link CallNormalizer#encode()}'s form.
     */
    public static final String CALL_NORMALIZER = "call_normalizer";
    /**
     * Metadata (optional): {@code true} when the trainer's study on simulated calls found the
     * normaliser to help, so the service turns it on unless told otherwise.
     */
    public static final String CALL_NORMALIZER_DEFAULT = "call_normalizer_default";
    /** Metadata: who wrote the model. */
    public static final String PRODUCER = "producer";

    /** Classpath location of the shipped model inside {@code stimmung.jar}. */
    public static final String BUNDLED_MODEL_RESOURCE = "/onnx-models/stimmung-emotion.onnx";

    private ModelContract() {
    }

    /** The labels the model must declare, in order. */
    public static List<String> labels() {
        return Emotion.labels();
    }
}

package de.stimmung.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scores feature vectors with the exported ONNX model through ONNX Runtime. Loading checks the
 * model contract against the running extractor (feature-spec hash, input size, labels, tensor
 * names) and refuses a model that does not fit, with a message that says how to fix it.
 * One session, loaded once; {@link #score} is thread-safe (ONNX Runtime sessions are).
 * Close it to release the native session.
 */
public final class EmotionScorer implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInfo info;
    private final int classes;
    /** Whether the model has the {@link ModelContract#WIDEBAND_OUTPUT} of a model with one network per channel. */
    private final boolean perChannel;
    /** The decoded {@link ModelContract#CALL_NORMALIZER}, once asked for (the metadata holds two floats per feature). */
    private volatile java.util.Optional<CallNormalizer> callNormalizer;

    private EmotionScorer(OrtEnvironment env, OrtSession session, ModelInfo info) {
        this.env = env;
        this.session = session;
        this.info = info;
        this.classes = info.labels().size();
        this.perChannel = session.getOutputNames().contains(ModelContract.WIDEBAND_OUTPUT);
    }

    /**
     * Loads a model file and checks it against the extractor's feature spec.
     *
     * @param model               the ONNX file
     * @param expectedSpecHash    the running extractor's {@code FeatureSpec.version()}
     * @param expectedDimension   the running extractor's vector length
     * @throws ModelContractException if the file is unreadable, not ONNX, or does not fit
     */
    public static EmotionScorer load(Path model, String expectedSpecHash, int expectedDimension) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new ModelContractException("cannot read model file " + model + ": " + e.getMessage()
                    + "; pass --model with the path of a Stimmung ONNX model", e);
        }
        return load(bytes, model.toString(), expectedSpecHash, expectedDimension);
    }

    /** Loads the model shipped inside the jar ({@link ModelContract#BUNDLED_MODEL_RESOURCE}). */
    public static EmotionScorer loadBundled(String expectedSpecHash, int expectedDimension) {
        try (InputStream in = EmotionScorer.class.getResourceAsStream(ModelContract.BUNDLED_MODEL_RESOURCE)) {
            if (in == null) {
                throw new ModelContractException("no model is bundled in this jar (" + ModelContract.BUNDLED_MODEL_RESOURCE
                        + "); build with the model in onnx-models/ or pass --model FILE");
            }
            return load(in.readAllBytes(), "classpath:" + ModelContract.BUNDLED_MODEL_RESOURCE, expectedSpecHash,
                    expectedDimension);
        } catch (IOException e) {
            throw new ModelContractException("cannot read the bundled model: " + e.getMessage(), e);
        }
    }

    /** Loads a model from bytes; {@code source} names it in messages. */
    public static EmotionScorer load(byte[] model, String source, String expectedSpecHash, int expectedDimension) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new ModelContractException(source + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
        try {
            ModelInfo info = checkContract(session, source, expectedSpecHash, expectedDimension);
            return new EmotionScorer(env, session, info);
        } catch (RuntimeException | OrtException e) {
            closeQuietly(session);
            if (e instanceof ModelContractException mce) {
                throw mce;
            }
            throw new ModelContractException(source + ": cannot read the model's metadata: " + e.getMessage(), e);
        }
    }

    private static ModelInfo checkContract(OrtSession session, String source, String expectedSpecHash,
            int expectedDimension) throws OrtException {
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        String specHash = require(meta, ModelContract.FEATURE_SPEC_HASH, source);
        if (!specHash.equals(expectedSpecHash)) {
            throw new ModelContractException("model " + source + " expects feature spec " + specHash
                    + " but this extractor is " + expectedSpecHash
                    + "; retrain the model with this version's trainer or use the release that matches the model");
        }
        int dimension = Integer.parseInt(require(meta, ModelContract.FEATURE_DIMENSION, source));
        NodeInfo input = session.getInputInfo().get(ModelContract.INPUT);
        if (input == null) {
            throw new ModelContractException("model " + source + " has no input named '" + ModelContract.INPUT
                    + "', inputs are " + session.getInputNames());
        }
        long[] shape = ((TensorInfo) input.getInfo()).getShape();
        if (dimension != expectedDimension || shape.length != 2 || shape[1] != expectedDimension) {
            throw new ModelContractException("model " + source + " takes " + Arrays.toString(shape) + " inputs (metadata says "
                    + dimension + ") but the extractor produces " + expectedDimension
                    + " features; retrain the model with this version's trainer");
        }
        if (!session.getOutputNames().contains(ModelContract.OUTPUT)) {
            throw new ModelContractException("model " + source + " has no output named '" + ModelContract.OUTPUT
                    + "', outputs are " + session.getOutputNames());
        }
        List<String> labels = List.of(require(meta, ModelContract.LABELS, source).split(","));
        if (!labels.equals(ModelContract.labels())) {
            throw new ModelContractException("model " + source + " declares labels " + labels + " but the service expects "
                    + ModelContract.labels() + " in this order");
        }
        String version = meta.getOrDefault(ModelContract.MODEL_VERSION, "unversioned");
        return new ModelInfo(source, version, specHash, dimension, labels, Map.copyOf(meta));
    }

    private static String require(Map<String, String> meta, String key, String source) {
        String v = meta.get(key);
        if (v == null || v.isBlank()) {
            throw new ModelContractException("model " + source + " lacks the metadata property '" + key
                    + "'; it was not exported by the Stimmung trainer (present: " + meta.keySet() + ")");
        }
        return v;
    }

    public ModelInfo info() {
        return info;
    }

    /**
     * The model's per-call speaker normaliser ({@link ModelContract#CALL_NORMALIZER}), if its
     * trainer wrote one.
     *
     * @throws ModelContractException if the metadata is there but not a normaliser of this model's dimension
     */
    public java.util.Optional<CallNormalizer> callNormalizer() {
        java.util.Optional<CallNormalizer> n = callNormalizer;
        if (n == null) {
            n = decodeCallNormalizer();
            callNormalizer = n;
        }
        return n;
    }

    private java.util.Optional<CallNormalizer> decodeCallNormalizer() {
        String text = info.metadata().get(ModelContract.CALL_NORMALIZER);
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        CallNormalizer n;
        try {
            n = CallNormalizer.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ModelContractException("model " + info.source() + " has an unreadable '"
                    + ModelContract.CALL_NORMALIZER + "': " + e.getMessage(), e);
        }
        if (n.dimension() != info.featureDimension()) {
            throw new ModelContractException("model " + info.source() + " has a call normaliser of " + n.dimension()
                    + " features for " + info.featureDimension() + " inputs; re-run the trainer's calls study on it");
        }
        return java.util.Optional.of(n);
    }

    /** Whether the trainer's study on simulated calls recommends the normaliser (false if it wrote none). */
    public boolean callNormalizerRecommended() {
        return Boolean.parseBoolean(info.metadata().get(ModelContract.CALL_NORMALIZER_DEFAULT));
    }

    /** Probabilities of one feature vector, in {@link Emotion} order. */
    public float[] score(float[] features) {
        return score(new float[][] {features})[0];
    }

    /**
     * One row's scoring: its probabilities in {@link Emotion} order and, for a model with one
     * network per channel, which network scored it.
     *
     * @param network {@link ModelContract#WIDEBAND_NETWORK} or {@link ModelContract#TELEPHONE_NETWORK};
     *                null for a model with one network for every input
     */
    public record Scored(float[] probabilities, String network) {
    }

    /** Whether the model has one network per channel (and so says which scored a row). */
    public boolean perChannel() {
        return perChannel;
    }

    /** {@link #score(float[])} with the network that scored it. */
    public Scored scoreDetailed(float[] features) {
        return run(new float[][] {features})[0];
    }

    /** {@link #score(float[][])} with the network that scored each row. */
    public Scored[] scoreDetailed(float[][] features) {
        return run(features);
    }

    /**
     * Probabilities of several feature vectors in one ONNX Runtime call.
     *
     * @throws IllegalArgumentException if a vector has the wrong length
     * @throws IllegalStateException    if ONNX Runtime fails
     */
    public float[][] score(float[][] features) {
        Scored[] scored = run(features);
        float[][] out = new float[scored.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = scored[i].probabilities();
        }
        return out;
    }

    private Scored[] run(float[][] features) {
        int n = features.length;
        int d = info.featureDimension();
        FloatBuffer buf = FloatBuffer.allocate(n * d);
        for (float[] row : features) {
            if (row.length != d) {
                throw new IllegalArgumentException("feature vector has " + row.length + " values, the model takes " + d);
            }
            buf.put(row);
        }
        buf.flip();
        try (OnnxTensor input = OnnxTensor.createTensor(env, buf, new long[] {n, d});
                OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, input))) {
            float[][] out = (float[][]) result.get(ModelContract.OUTPUT).orElseThrow().getValue();
            if (out.length != n || out[0].length != classes) {
                throw new IllegalStateException("model returned " + out.length + "x" + out[0].length
                        + " probabilities, expected " + n + "x" + classes);
            }
            float[][] wide = perChannel ? (float[][]) result.get(ModelContract.WIDEBAND_OUTPUT).orElseThrow().getValue()
                    : null;
            Scored[] scored = new Scored[n];
            for (int i = 0; i < n; i++) {
                String network = wide == null ? null
                        : wide[i][0] > 0.5f ? ModelContract.WIDEBAND_NETWORK : ModelContract.TELEPHONE_NETWORK;
                scored[i] = new Scored(out[i], network);
            }
            return scored;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score " + n + " vectors: " + e.getMessage(), e);
        }
    }

    /** Index of the most probable class (first one on ties). */
    public static int argMax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // closing a session only fails if it is already closed; nothing to release
        }
    }
}

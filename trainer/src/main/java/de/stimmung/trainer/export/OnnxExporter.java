package de.stimmung.trainer.export;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.model.Emotion;
import de.stimmung.model.ModelContract;
import de.stimmung.trainer.learners.MlpClassifier;
import de.stimmung.trainer.learners.MlpConfig;
import de.stimmung.trainer.learners.MlpNetwork;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a fitted {@link MlpClassifier} as a self-contained ONNX model (IR 8, opset 17, the newest
 * pair Debian's onnx checker validates): input {@value #INPUT_NAME} float32 {@code [N, D]} raw
 * features, Sub(mean) → Div(std) → [Gemm(transB=1) → BatchNormalization → Relu] x layers → Gemm →
 * Softmax(axis=-1), output {@value #OUTPUT_NAME} float32 {@code [N, 7]} in {@link Emotion} order.
 * BatchNormalization nodes appear only for nets trained with BatchNorm; Dropout is omitted (identity
 * at inference). The same classifier and options always give the same bytes. Stateless.
 */
public final class OnnxExporter {

    public static final String INPUT_NAME = ModelContract.INPUT;
    public static final String OUTPUT_NAME = ModelContract.OUTPUT;
    public static final String PRODUCER = "stimmung-trainer";
    public static final int IR_VERSION = 8;
    public static final int OPSET_VERSION = 17;

    private OnnxExporter() {
    }

    /** Writes {@link #toBytes} to {@code file}, replacing it. */
    public static void write(MlpClassifier classifier, OnnxExportOptions options, Path file) {
        try {
            Files.write(file, toBytes(classifier, options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The serialised ONNX model. */
    public static byte[] toBytes(MlpClassifier classifier, OnnxExportOptions options) {
        return toModel(classifier, options).toByteArray();
    }

    /**
     * The ONNX model proto.
     *
     * @throws IllegalArgumentException if the network does not have one output per {@link Emotion}
     */
    public static OnnxMl.ModelProto toModel(MlpClassifier classifier, OnnxExportOptions options) {
        MlpNetwork network = classifier.network();
        int classes = Emotion.values().length;
        if (network.numClasses() != classes) {
            throw new IllegalArgumentException("the model contract has " + classes + " emotions " + Emotion.labels()
                    + " but " + classifier.config().name() + " has " + network.numClasses()
                    + " outputs; train it on a FeatureTable with numClasses = " + classes);
        }
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setProducerName(PRODUCER)
                .setDomain("de.stimmung")
                .setDocString(classifier.config().describe())
                .setGraph(graph(classifier));
        if (options.numericModelVersion() >= 0) {
            model.setModelVersion(options.numericModelVersion());
        }
        metadata(model, ModelContract.LABELS, String.join(",", Emotion.labels()));
        metadata(model, ModelContract.FEATURE_SPEC_HASH, options.featureSpecHash());
        metadata(model, ModelContract.FEATURE_DIMENSION, Integer.toString(classifier.featureDimension()));
        metadata(model, ModelContract.MODEL_VERSION, options.modelVersion());
        metadata(model, ModelContract.TRAINING_DATA_FINGERPRINT, options.trainingDataFingerprint());
        metadata(model, ModelContract.CV_SCORES, options.cvScoresJson());
        metadata(model, ModelContract.CONFIG, configJson(classifier));
        metadata(model, ModelContract.PRODUCER, PRODUCER);
        return model.build();
    }

    private static void metadata(OnnxMl.ModelProto.Builder model, String key, String value) {
        model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    private static OnnxMl.GraphProto graph(MlpClassifier classifier) {
        MlpNetwork network = classifier.network();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("stimmung_" + classifier.config().name());
        ONNXPlaceholder input = ctx.floatInput(INPUT_NAME, classifier.featureDimension());
        ONNXPlaceholder output = ctx.floatOutput(OUTPUT_NAME, network.numClasses());

        ONNXRef<?> h = input
                .apply(ONNXOperators.SUB, ctx.array("feature_mean", classifier.standardizer().mean()), "centred")
                .apply(ONNXOperators.DIV, ctx.array("feature_std", classifier.standardizer().std()), "standardised");
        for (int i = 0; i < network.hidden().size(); i++) {
            String layer = "hidden" + i;
            h = gemm(ctx, h, network.hidden().get(i), layer);
            if (network.hasBatchNorm()) {
                MlpNetwork.BatchNormLayer bn = network.batchNorms().get(i);
                h = ctx.operation(NeuralOnnxOperators.BATCH_NORMALIZATION,
                        List.<ONNXRef<?>>of(h,
                                ctx.array(layer + "_bn_scale", bn.gamma()),
                                ctx.array(layer + "_bn_bias", bn.beta()),
                                ctx.array(layer + "_bn_mean", bn.runningMean()),
                                ctx.array(layer + "_bn_var", bn.runningVar())),
                        layer + "_bn", Map.<String, Object>of("epsilon", bn.epsilon()));
            }
            h = ctx.operation(NeuralOnnxOperators.RELU, List.<ONNXRef<?>>of(h), layer + "_relu", Map.of());
        }
        ONNXRef<?> logits = gemm(ctx, h, network.output(), "logits");
        ONNXRef<?> probabilities = ctx.operation(ONNXOperators.SOFTMAX, List.<ONNXRef<?>>of(logits), "softmax",
                Map.<String, Object>of("axis", -1));
        ctx.assignTo(probabilities, output);
        return ctx.buildGraph();
    }

    private static ONNXRef<?> gemm(ONNXContext ctx, ONNXRef<?> x, MlpNetwork.DenseLayer dense, String name) {
        ONNXInitializer weight = ctx.floatTensor(name + "_weight", List.of(dense.outputs(), dense.inputs()),
                buffer -> buffer.put(dense.weight()));
        ONNXInitializer bias = ctx.array(name + "_bias", dense.bias());
        // One attribute per map: tribuo writes attributes in map order, and Map.of's order varies per JVM.
        return ctx.operation(ONNXOperators.GEMM, List.<ONNXRef<?>>of(x, weight, bias), name,
                Map.<String, Object>of("transB", 1));
    }

    /** Learner name and hyper-parameters, keys in a fixed order. */
    private static String configJson(MlpClassifier classifier) {
        MlpConfig c = classifier.config();
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("learner", c.name())
                .put("framework", "DJL 0.36 / PyTorch")
                .put("hiddenLayers", c.hiddenLayers())
                .put("hiddenWidth", c.hiddenWidth())
                .put("batchNorm", c.batchNorm())
                .put("dropout", c.dropout())
                .put("epochs", c.epochs())
                .put("batchSize", c.batchSize())
                .put("optimizer", "adam")
                .put("learningRate", c.learningRate())
                .put("weightDecay", c.weightDecay())
                .put("balancedClassWeights", c.balancedClassWeights())
                .put("batchNormEpsilon", MlpConfig.BATCH_NORM_EPSILON)
                .put("batchNormMomentum", MlpConfig.BATCH_NORM_MOMENTUM)
                .put("seed", classifier.seed())
                .put("standardisation", "z-score fitted on the training rows");
        return json.toString();
    }
}

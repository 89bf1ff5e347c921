package de.stimmung.trainer.export;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.model.Emotion;
import de.stimmung.model.ModelContract;
import de.stimmung.trainer.learners.ChannelGate;
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
 * A model with one network per channel computes both branches and picks one per row by its
 * {@link ChannelGate} (Gather, GreaterOrEqual, Where), and has a second output
 * {@value de.stimmung.model.ModelContract#WIDEBAND_OUTPUT} float32 {@code [N, 1]}: 1 where the
 * wideband network scored the row.
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
        return toModel(new ExportableModel(List.of(classifier), 1.0), options);
    }

    /** Writes {@link #toModel(ExportableModel, OnnxExportOptions)} to {@code file}, replacing it. */
    public static void write(ExportableModel exportable, OnnxExportOptions options, Path file) {
        try {
            Files.write(file, toModel(exportable, options).toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ONNX model proto of a calibrated ensemble. One member with temperature 1 gives exactly
     * the graph of a single classifier; a temperature divides the logits before the softmax; several
     * members average their probabilities, and the temperature then rescales the average
     * ({@code softmax(log max(p, 1e-12) / T)}), as {@link ExportableModel#predictProba} does.
     *
     * @throws IllegalArgumentException if a network does not have one output per {@link Emotion}
     */
    public static OnnxMl.ModelProto toModel(ExportableModel exportable, OnnxExportOptions options) {
        int classes = Emotion.values().length;
        for (MlpClassifier member : exportable.members()) {
            if (member.network().numClasses() != classes) {
                throw new IllegalArgumentException("the model contract has " + classes + " emotions "
                        + Emotion.labels() + " but " + member.config().name() + " has "
                        + member.network().numClasses() + " outputs; train it on a FeatureTable with numClasses = "
                        + classes);
            }
        }
        MlpClassifier classifier = exportable.members().get(0);
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setProducerName(PRODUCER)
                .setDomain("de.stimmung")
                .setDocString(exportable.describe())
                .setGraph(graph(exportable));
        if (options.numericModelVersion() >= 0) {
            model.setModelVersion(options.numericModelVersion());
        }
        metadata(model, ModelContract.LABELS, String.join(",", Emotion.labels()));
        metadata(model, ModelContract.FEATURE_SPEC_HASH, options.featureSpecHash());
        metadata(model, ModelContract.FEATURE_DIMENSION, Integer.toString(classifier.featureDimension()));
        metadata(model, ModelContract.MODEL_VERSION, options.modelVersion());
        metadata(model, ModelContract.TRAINING_DATA_FINGERPRINT, options.trainingDataFingerprint());
        metadata(model, ModelContract.CV_SCORES, options.cvScoresJson());
        metadata(model, ModelContract.CONFIG, configJson(exportable));
        metadata(model, ModelContract.PRODUCER, PRODUCER);
        return model.build();
    }

    private static void metadata(OnnxMl.ModelProto.Builder model, String key, String value) {
        model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    private static OnnxMl.GraphProto graph(ExportableModel exportable) {
        MlpClassifier first = exportable.members().get(0);
        ONNXContext ctx = new ONNXContext();
        ctx.setName("stimmung_" + first.config().name());
        ONNXPlaceholder input = ctx.floatInput(INPUT_NAME, first.featureDimension());
        ONNXPlaceholder output = ctx.floatOutput(OUTPUT_NAME, first.network().numClasses());
        ONNXRef<?> probabilities;
        if (exportable.routing() == null) {
            probabilities = calibrated(ctx, input, exportable.members(), exportable.temperature(), "");
        } else {
            ExportableModel.Routing routing = exportable.routing();
            ONNXRef<?> wide = calibrated(ctx, input, exportable.members(), exportable.temperature(), "wide_");
            ONNXRef<?> telephone = calibrated(ctx, input, routing.telephone(), routing.temperature(), "tel_");
            Gate gate = gate(ctx, input, routing.gate(), "route");
            probabilities = gate.select(ctx, wide, telephone, "route");
            ONNXPlaceholder flag = ctx.floatOutput(ModelContract.WIDEBAND_OUTPUT, 1);
            ctx.assignTo(gate.select(ctx, ctx.array("one", new float[] {1f}), ctx.array("zero", new float[] {0f}),
                    "wideband_flag"), flag);
        }
        ctx.assignTo(probabilities, output);
        return ctx.buildGraph();
    }

    /**
     * The gate's two tests in float32 as Java computes them, {@code [N, 1]} booleans each: wideband
     * needs both.
     */
    private record Gate(ONNXRef<?> loud, ONNXRef<?> bright) {
        /** {@code wide} where the row is wideband, else {@code telephone}, by two nested Where nodes named {@code name}. */
        ONNXRef<?> select(ONNXContext ctx, ONNXRef<?> wide, ONNXRef<?> telephone, String name) {
            ONNXRef<?> ifBright = ctx.operation(ONNXOperators.WHERE, List.<ONNXRef<?>>of(bright, wide, telephone),
                    name + "_if_bright", Map.of());
            return ctx.operation(ONNXOperators.WHERE, List.<ONNXRef<?>>of(loud, ifBright, telephone), name, Map.of());
        }
    }

    /** The {@link ChannelGate} in the graph (Gather, Sub, GreaterOrEqual); node names start with {@code name}. */
    private static Gate gate(ONNXContext ctx, ONNXPlaceholder input, ChannelGate gate, String name) {
        ONNXRef<?> high = ctx.operation(ONNXOperators.GATHER, List.<ONNXRef<?>>of(input,
                ctx.array(name + "_high_index", new long[] {gate.high()})), name + "_high", Map.<String, Object>of("axis", 1));
        ONNXRef<?> reference = ctx.operation(ONNXOperators.GATHER, List.<ONNXRef<?>>of(input,
                ctx.array(name + "_reference_index", new long[] {gate.reference()})), name + "_reference",
                Map.<String, Object>of("axis", 1));
        ONNXRef<?> ratio = high.apply(ONNXOperators.SUB, reference, name + "_ratio");
        ONNXRef<?> loud = ctx.operation(ONNXOperators.GREATER_OR_EQUAL, List.<ONNXRef<?>>of(high,
                ctx.array(name + "_absolute_threshold", new float[] {gate.absoluteThreshold()})), name + "_loud", Map.of());
        ONNXRef<?> bright = ctx.operation(ONNXOperators.GREATER_OR_EQUAL, List.<ONNXRef<?>>of(ratio,
                ctx.array(name + "_relative_threshold", new float[] {gate.relativeThreshold()})), name + "_bright", Map.of());
        return new Gate(loud, bright);
    }

    /** Calibrated probabilities of one network or the mean of several; node names get {@code prefix}. */
    private static ONNXRef<?> calibrated(ONNXContext ctx, ONNXPlaceholder input, List<MlpClassifier> members,
            double temperature, String prefix) {
        if (members.size() == 1) {
            ONNXRef<?> logits = logits(ctx, input, members.get(0), prefix);
            if (temperature != 1.0) {
                logits = logits.apply(ONNXOperators.DIV,
                        ctx.array(prefix + "temperature", new float[] {(float) temperature}), prefix + "scaled_logits");
            }
            return softmax(ctx, logits, prefix + "softmax");
        }
        List<ONNXRef<?>> each = new java.util.ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String member = prefix + "m" + m + "_";
            each.add(softmax(ctx, logits(ctx, input, members.get(m), member), member + "softmax"));
        }
        ONNXRef<?> mean = ctx.operation(ONNXOperators.SUM, each, prefix + "member_sum", Map.of())
                .apply(ONNXOperators.DIV, ctx.array(prefix + "member_count", new float[] {members.size()}),
                        prefix + "member_mean");
        ONNXRef<?> floored = ctx.operation(NeuralOnnxOperators.MAX, List.<ONNXRef<?>>of(mean,
                ctx.array(prefix + "probability_floor", new float[] {(float) ExportableModel.FLOOR})), prefix + "floored",
                Map.of());
        ONNXRef<?> log = ctx.operation(NeuralOnnxOperators.LOG, List.<ONNXRef<?>>of(floored), prefix + "log_mean",
                Map.of());
        ONNXRef<?> scaled = log.apply(ONNXOperators.DIV,
                ctx.array(prefix + "temperature", new float[] {(float) temperature}), prefix + "scaled_log_mean");
        return softmax(ctx, scaled, prefix + "softmax");
    }

    private static ONNXRef<?> softmax(ONNXContext ctx, ONNXRef<?> x, String name) {
        return ctx.operation(ONNXOperators.SOFTMAX, List.<ONNXRef<?>>of(x), name, Map.<String, Object>of("axis", -1));
    }

    /** Standardisation, hidden blocks and output layer of one member; node names get {@code prefix}. */
    private static ONNXRef<?> logits(ONNXContext ctx, ONNXPlaceholder input, MlpClassifier classifier, String prefix) {
        MlpNetwork network = classifier.network();
        ONNXRef<?> h = input
                .apply(ONNXOperators.SUB, ctx.array(prefix + "feature_mean", classifier.standardizer().mean()),
                        prefix + "centred")
                .apply(ONNXOperators.DIV, ctx.array(prefix + "feature_std", classifier.standardizer().std()),
                        prefix + "standardised");
        for (int i = 0; i < network.hidden().size(); i++) {
            String layer = prefix + "hidden" + i;
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
        return gemm(ctx, h, network.output(), prefix + "logits");
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
    private static String configJson(ExportableModel exportable) {
        MlpClassifier classifier = exportable.members().get(0);
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
        if (c.mixup()) {
            json.put("mixupAlpha", c.mixupAlpha());
        }
        if (exportable.members().size() > 1) {
            var seeds = json.putArray("ensembleSeeds");
            exportable.members().forEach(m -> seeds.add(m.seed()));
        }
        if (exportable.routing() != null) {
            ExportableModel.Routing r = exportable.routing();
            ObjectNode routing = json.putObject("routing");
            routing.put("rule", "wideband when x[high] >= absoluteThreshold and x[high] - x[reference] >= relativeThreshold,"
                    + " else the telephone networks");
            routing.put("high", r.gate().high());
            routing.put("highFeature", ChannelGate.HIGH_FEATURE);
            routing.put("reference", r.gate().reference());
            routing.put("referenceFeature", ChannelGate.REFERENCE_FEATURE);
            routing.put("absoluteThreshold", r.gate().absoluteThreshold());
            routing.put("relativeThreshold", r.gate().relativeThreshold());
            MlpConfig t = r.telephone().get(0).config();
            routing.put("telephoneLearner", t.name());
            routing.put("telephoneHiddenWidth", t.hiddenWidth());
            routing.put("telephoneEpochs", t.epochs());
            routing.put("telephoneSeed", r.telephone().get(0).seed());
            routing.put("telephoneTemperature", r.temperature());
        }
        if (exportable.temperature() != 1.0 || (exportable.routing() != null && exportable.routing().temperature() != 1.0)) {
            json.put("temperature", exportable.temperature());
            json.put("calibration", exportable.routing() == null ? "temperature scaling fitted on out-of-fold predictions"
                    : "temperature scaling per network, each fitted on the out-of-fold predictions its network made");
        }
        return json.toString();
    }
}

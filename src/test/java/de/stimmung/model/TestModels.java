package de.stimmung.model;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Small real ONNX models for tests: softmax(W x + b) with W, b known, and metadata of the test's
 * choosing (to break the contract on purpose). Built with tribuo-util-onnx (test scope only).
 */
final class TestModels {

    private TestModels() {
    }

    /** Weights [7][d] with W[c][j] = ((c + 1) * (j + 1) % 5 - 2) / 10, bias[c] = c / 10. */
    static float[][] weights(int d) {
        float[][] w = new float[7][d];
        for (int c = 0; c < 7; c++) {
            for (int j = 0; j < d; j++) {
                w[c][j] = ((c + 1) * (j + 1) % 5 - 2) / 10f;
            }
        }
        return w;
    }

    static float[] bias() {
        float[] b = new float[7];
        for (int c = 0; c < 7; c++) {
            b[c] = c / 10f;
        }
        return b;
    }

    /** The metadata a valid Stimmung model carries for this spec and dimension. */
    static Map<String, String> validMetadata(String specHash, int dimension) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelContract.LABELS, String.join(",", ModelContract.labels()));
        m.put(ModelContract.FEATURE_SPEC_HASH, specHash);
        m.put(ModelContract.FEATURE_DIMENSION, Integer.toString(dimension));
        m.put(ModelContract.MODEL_VERSION, "test-1");
        return m;
    }

    static byte[] linearSoftmax(int dimension, Map<String, String> metadata) {
        return linearSoftmax(dimension, metadata, ModelContract.INPUT);
    }

    static byte[] linearSoftmax(int dimension, Map<String, String> metadata, String inputName) {
        return linearSoftmax(dimension, metadata, inputName, false);
    }

    /**
     * The linear softmax model of a per-channel model's shape: its second output
     * {@link ModelContract#WIDEBAND_OUTPUT} is 1 where feature 0 is at least 0, else 0.
     */
    static byte[] perChannelLinearSoftmax(int dimension, Map<String, String> metadata) {
        return linearSoftmax(dimension, metadata, ModelContract.INPUT, true);
    }

    private static byte[] linearSoftmax(int dimension, Map<String, String> metadata, String inputName, boolean flag) {
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder input = ctx.floatInput(inputName, dimension);
        ONNXPlaceholder output = ctx.floatOutput(ModelContract.OUTPUT, 7);
        float[][] w = weights(dimension);
        ONNXInitializer weight = ctx.floatTensor("w", List.of(7, dimension), buf -> {
            for (float[] row : w) {
                buf.put(row);
            }
        });
        ONNXRef<?> logits = ctx.operation(ONNXOperators.GEMM, List.<ONNXRef<?>>of(input, weight, ctx.array("b", bias())),
                "logits", Map.<String, Object>of("transB", 1));
        ctx.assignTo(ctx.operation(ONNXOperators.SOFTMAX, List.<ONNXRef<?>>of(logits), "softmax",
                Map.<String, Object>of("axis", -1)), output);
        if (flag) {
            ONNXRef<?> first = ctx.operation(ONNXOperators.GATHER, List.<ONNXRef<?>>of(input,
                    ctx.array("first_index", new long[] {0})), "first", Map.<String, Object>of("axis", 1));
            ONNXRef<?> wide = ctx.operation(ONNXOperators.GREATER_OR_EQUAL, List.<ONNXRef<?>>of(first,
                    ctx.array("zero_threshold", new float[] {0f})), "wide", Map.of());
            ctx.assignTo(ctx.operation(ONNXOperators.WHERE, List.<ONNXRef<?>>of(wide, ctx.array("one", new float[] {1f}),
                    ctx.array("zero", new float[] {0f})), "flag", Map.of()), ctx.floatOutput(ModelContract.WIDEBAND_OUTPUT, 1));
        }
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(ctx.buildGraph());
        metadata.forEach((k, v) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }
}

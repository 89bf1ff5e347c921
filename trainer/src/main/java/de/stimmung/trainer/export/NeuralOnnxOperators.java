package de.stimmung.trainer.export;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Map;
import java.util.Set;

/**
 * The ONNX operators a neural net needs that tribuo-util-onnx's {@code ONNXOperators} (opset 13)
 * lacks. Definitions follow opset 17 of the default domain.
 */
enum NeuralOnnxOperators implements ONNXOperator {
    /**
     * Inference-mode batch normalisation; inputs X, scale, B, input_mean, input_var; one output Y.
     * Only {@code epsilon} is offered: {@code momentum} has no effect at inference and
     * {@code training_mode} must stay 0.
     */
    BATCH_NORMALIZATION("BatchNormalization", 5, 1,
            Map.of("epsilon", new ONNXAttribute("epsilon", OnnxMl.AttributeProto.AttributeType.FLOAT, false))),
    /** Element-wise max(x, 0). */
    RELU("Relu", 1, 1, Map.of()),
    /** Element-wise natural logarithm. */
    LOG("Log", 1, 1, Map.of()),
    /** Element-wise maximum of two (broadcast) inputs. */
    MAX("Max", 2, 1, Map.of());

    private static final int OPSET_VERSION = 17;

    private final String opName;
    private final int numInputs;
    private final int numOutputs;
    private final Map<String, ONNXAttribute> attributes;

    NeuralOnnxOperators(String opName, int numInputs, int numOutputs, Map<String, ONNXAttribute> attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOutputs = numOutputs;
        this.attributes = attributes;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return numOutputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return OPSET_VERSION;
    }

    /** The default ONNX domain, which tribuo writes as an absent domain field. */
    @Override
    public String getOpDomain() {
        return null;
    }
}

package de.stimmung.trainer.learners;

import java.util.List;

/**
 * The learned parameters of a fitted MLP as plain arrays, the single source for DJL inference and
 * ONNX export. Hidden layer {@code i} computes {@code relu(batchNorms[i](hidden[i](x)))} (without
 * the BatchNorm when {@link #batchNorms()} is empty); {@link #output()} maps to one logit per class.
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param hidden     the hidden Linear layers, in order
 * @param batchNorms one BatchNorm per hidden layer, or empty for a plain MLP
 * @param output     the output Linear layer (logits)
 */
public record MlpNetwork(List<DenseLayer> hidden, List<BatchNormLayer> batchNorms, DenseLayer output) {

    public MlpNetwork {
        hidden = List.copyOf(hidden);
        batchNorms = List.copyOf(batchNorms);
        if (!batchNorms.isEmpty() && batchNorms.size() != hidden.size()) {
            throw new IllegalArgumentException("expected 0 or " + hidden.size() + " BatchNorm layers, got "
                    + batchNorms.size());
        }
        int width = hidden.isEmpty() ? output.inputs() : hidden.get(0).inputs();
        for (int i = 0; i < hidden.size(); i++) {
            DenseLayer h = hidden.get(i);
            if (h.inputs() != width) {
                throw new IllegalArgumentException("hidden layer " + i + " takes " + h.inputs()
                        + " inputs but the previous layer gives " + width);
            }
            width = h.outputs();
            if (!batchNorms.isEmpty() && batchNorms.get(i).channels() != width) {
                throw new IllegalArgumentException("BatchNorm " + i + " has " + batchNorms.get(i).channels()
                        + " channels, hidden layer " + i + " gives " + width);
            }
        }
        if (output.inputs() != width) {
            throw new IllegalArgumentException("output layer takes " + output.inputs()
                    + " inputs but the last hidden layer gives " + width);
        }
    }

    /** Width of the (standardised) input vector. */
    public int inputDimension() {
        return hidden.isEmpty() ? output.inputs() : hidden.get(0).inputs();
    }

    /** Number of classes (logits). */
    public int numClasses() {
        return output.outputs();
    }

    public boolean hasBatchNorm() {
        return !batchNorms.isEmpty();
    }

    /**
     * A fully connected layer {@code y = x W^T + b}.
     *
     * @param inputs  input width
     * @param outputs output width
     * @param weight  row-major {@code [outputs][inputs]} (DJL's and PyTorch's layout; ONNX Gemm with transB=1)
     * @param bias    {@code [outputs]}
     */
    public record DenseLayer(int inputs, int outputs, float[] weight, float[] bias) {
        public DenseLayer {
            if ((long) inputs * outputs != weight.length || bias.length != outputs) {
                throw new IllegalArgumentException("Linear " + inputs + "->" + outputs + " needs " + inputs * outputs
                        + " weights and " + outputs + " biases, got " + weight.length + " and " + bias.length);
            }
        }
    }

    /**
     * Inference-mode batch normalisation per channel:
     * {@code gamma * (x - runningMean) / sqrt(runningVar + epsilon) + beta}.
     */
    public record BatchNormLayer(float[] gamma, float[] beta, float[] runningMean, float[] runningVar, float epsilon) {
        public BatchNormLayer {
            int c = gamma.length;
            if (beta.length != c || runningMean.length != c || runningVar.length != c) {
                throw new IllegalArgumentException("BatchNorm arrays differ in length: gamma " + c + ", beta "
                        + beta.length + ", runningMean " + runningMean.length + ", runningVar " + runningVar.length);
            }
        }

        public int channels() {
            return gamma.length;
        }
    }
}

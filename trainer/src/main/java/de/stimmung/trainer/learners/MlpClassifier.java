package de.stimmung.trainer.learners;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * A fitted MLP: the training-set {@link Standardizer}, the learned {@link MlpNetwork} and the
 * configuration and seed that produced them. Everything needed for ONNX export is here, and it
 * holds no native memory: {@link #predictProba} builds a DJL (PyTorch) block from the weights per
 * call, runs it in inference mode (BatchNorm on running statistics, no Dropout) and frees it.
 * Immutable; {@code predictProba} may be called from several threads.
 *
 * @param config       the hyper-parameters it was trained with
 * @param seed         the seed it was trained with
 * @param standardizer fitted on the training rows only; applied to raw features first
 * @param network      the learned weights, operating on standardised features
 */
public record MlpClassifier(MlpConfig config, long seed, Standardizer standardizer, MlpNetwork network)
        implements ProbabilisticClassifier {

    public MlpClassifier {
        if (standardizer.mean().length != network.inputDimension()) {
            throw new IllegalArgumentException("standardizer covers " + standardizer.mean().length
                    + " features but the network takes " + network.inputDimension());
        }
    }

    /** Width of the raw feature vector this classifier expects. */
    public int featureDimension() {
        return network.inputDimension();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a row's length is not {@link #featureDimension()}
     */
    @Override
    public float[][] predictProba(float[][] features) {
        int n = features.length;
        int d = featureDimension();
        for (int i = 0; i < n; i++) {
            if (features[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length + " features, "
                        + config.name() + " was trained on " + d);
            }
        }
        int k = network.numClasses();
        if (n == 0) {
            return new float[0][k];
        }
        float[] probs;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MlpBlock net = new MlpBlock(config, k);
            SequentialBlock block = net.block();
            // Zeros, not a random initializer: the values are overwritten and the engine's RNG stays untouched.
            block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, d));
            net.load(network);
            NDArray x = manager.create(rowMajor(standardizer.apply(features)), new Shape(n, d));
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            probs = logits.softmax(1).toFloatArray();
        }
        float[][] out = new float[n][k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(probs, i * k, out[i], 0, k);
        }
        return out;
    }

    /** The rows concatenated, for one {@code [n, d]} tensor. */
    static float[] rowMajor(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }
}

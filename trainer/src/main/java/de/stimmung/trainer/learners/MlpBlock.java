package de.stimmung.trainer.learners;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL block of an {@link MlpConfig}, with handles on its Linear and BatchNorm layers so that
 * the learned parameters can be copied out ({@link #snapshot}) and back in ({@link #load}).
 * Not thread-safe; one instance per training or inference run.
 */
final class MlpBlock {

    private final SequentialBlock block = new SequentialBlock();
    private final List<Linear> hidden = new ArrayList<>();
    private final List<BatchNorm> batchNorms = new ArrayList<>();
    private final Linear output;

    /** A block for inference: its Dropout is the identity and never draws. */
    MlpBlock(MlpConfig config, int numClasses) {
        this(config, numClasses, new java.util.SplittableRandom(0));
    }

    /**
     * @param dropoutRandom the generator of the Dropout masks (one per fit; see {@link SeededRandomness})
     */
    MlpBlock(MlpConfig config, int numClasses, java.util.SplittableRandom dropoutRandom) {
        for (int i = 0; i < config.hiddenLayers(); i++) {
            Linear linear = Linear.builder().setUnits(config.hiddenWidth()).build();
            hidden.add(linear);
            block.add(linear);
            if (config.batchNorm()) {
                BatchNorm bn = BatchNorm.builder()
                        .optEpsilon(MlpConfig.BATCH_NORM_EPSILON)
                        .optMomentum(MlpConfig.BATCH_NORM_MOMENTUM)
                        .build();
                batchNorms.add(bn);
                block.add(bn);
            }
            block.add(Activation.reluBlock());
            if (config.dropout() > 0f) {
                block.add(new SeededRandomness.Dropout(config.dropout(), dropoutRandom.split()));
            }
        }
        output = Linear.builder().setUnits(numClasses).build();
        block.add(output);
    }

    SequentialBlock block() {
        return block;
    }

    /** Copies the current parameter values to the heap (the block must be initialised). */
    MlpNetwork snapshot() {
        List<MlpNetwork.DenseLayer> dense = new ArrayList<>();
        for (Linear l : hidden) {
            dense.add(dense(l));
        }
        List<MlpNetwork.BatchNormLayer> norms = new ArrayList<>();
        for (BatchNorm bn : batchNorms) {
            norms.add(new MlpNetwork.BatchNormLayer(values(bn, "gamma"), values(bn, "beta"),
                    values(bn, "runningMean"), values(bn, "runningVar"), MlpConfig.BATCH_NORM_EPSILON));
        }
        return new MlpNetwork(dense, norms, dense(output));
    }

    /** Overwrites the parameters of this (initialised) block with those of {@code network}. */
    void load(MlpNetwork network) {
        if (network.hidden().size() != hidden.size() || network.batchNorms().size() != batchNorms.size()) {
            throw new IllegalArgumentException("network has " + network.hidden().size() + " hidden and "
                    + network.batchNorms().size() + " BatchNorm layers, block has " + hidden.size() + " and "
                    + batchNorms.size());
        }
        for (int i = 0; i < hidden.size(); i++) {
            load(hidden.get(i), network.hidden().get(i));
        }
        for (int i = 0; i < batchNorms.size(); i++) {
            BatchNorm bn = batchNorms.get(i);
            MlpNetwork.BatchNormLayer src = network.batchNorms().get(i);
            set(bn.getParameters().get("gamma").getArray(), src.gamma());
            set(bn.getParameters().get("beta").getArray(), src.beta());
            set(bn.getParameters().get("runningMean").getArray(), src.runningMean());
            set(bn.getParameters().get("runningVar").getArray(), src.runningVar());
        }
        load(output, network.output());
    }

    private static MlpNetwork.DenseLayer dense(Linear l) {
        NDArray w = l.getParameters().get("weight").getArray();
        long[] shape = w.getShape().getShape(); // (out, in)
        return new MlpNetwork.DenseLayer((int) shape[1], (int) shape[0], w.toFloatArray(),
                l.getParameters().get("bias").getArray().toFloatArray());
    }

    private static void load(Linear l, MlpNetwork.DenseLayer src) {
        set(l.getParameters().get("weight").getArray(), src.weight());
        set(l.getParameters().get("bias").getArray(), src.bias());
    }

    private static float[] values(BatchNorm bn, String parameter) {
        return bn.getParameters().get(parameter).getArray().toFloatArray();
    }

    private static void set(NDArray target, float[] values) {
        if (target.size() != values.length) {
            throw new IllegalArgumentException("parameter of shape " + target.getShape() + " cannot take "
                    + values.length + " values");
        }
        target.set(FloatBuffer.wrap(values));
    }
}

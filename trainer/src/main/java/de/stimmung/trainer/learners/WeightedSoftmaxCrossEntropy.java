package de.stimmung.trainer.learners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross entropy against weighted one-hot targets: the label of a row is a {@code [numClasses]}
 * vector holding the row's class weight at its class and 0 elsewhere, so the loss is
 * {@code mean_i(-w_{y_i} log softmax(z_i)_{y_i})}. With all weights 1 it is the usual cross entropy.
 * Encoding the weights in the targets lets them be built once for the whole training set.
 */
final class WeightedSoftmaxCrossEntropy extends Loss {

    WeightedSoftmaxCrossEntropy() {
        super("WeightedSoftmaxCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList weightedOneHot, NDList logits) {
        NDArray logProbs = logits.singletonOrThrow().logSoftmax(1);
        return logProbs.mul(weightedOneHot.singletonOrThrow()).sum(new int[] {1}).neg().mean();
    }
}

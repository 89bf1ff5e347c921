package de.stimmung.trainer.learners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * The random draws of one MLP fit — weight initialisation and Dropout masks — from Java
 * generators seeded by the fit, instead of PyTorch's process-wide generator. Each fit owns its
 * generators, so fits on different threads neither share nor interleave draws: fits run in
 * parallel and stay deterministic for their seed.
 */
final class SeededRandomness {

    private SeededRandomness() {
    }

    /**
     * He initialisation (Gaussian, fan-in, variance {@code 2 / fan-in}, suited to ReLU layers) for
     * weights of shape {@code (out, in)}, drawn in the order DJL initialises the parameters.
     */
    static final class HeInitializer implements Initializer {
        private final SplittableRandom random;

        HeInitializer(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : shape.size();
            double sd = Math.sqrt(2.0 / Math.max(1, fanIn));
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (sd * gaussian(random));
            }
            return manager.create(values, shape).toType(dataType, false);
        }
    }

    /**
     * Inverted Dropout: while training, each value is zeroed with probability {@code rate} and the
     * rest are scaled by {@code 1 / (1 - rate)}; the identity at inference (and in the exported graph).
     */
    static final class Dropout extends AbstractBlock {
        private final float rate;
        private final SplittableRandom random;

        Dropout(float rate, SplittableRandom random) {
            if (!(rate >= 0f && rate < 1f)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
            this.rate = rate;
            this.random = random;
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            if (!training || rate == 0f) {
                return new NDList(x);
            }
            float keep = 1f / (1f - rate);
            float[] mask = new float[Math.toIntExact(x.size())];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextDouble() < rate ? 0f : keep;
            }
            return new NDList(x.mul(x.getManager().create(mask, x.getShape())));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble(); // (0, 1]
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * r.nextDouble());
    }
}

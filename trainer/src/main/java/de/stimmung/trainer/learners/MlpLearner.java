package de.stimmung.trainer.learners;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import de.stimmung.trainer.dataset.FeatureTable;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;

/**
 * Trains an {@link MlpConfig} with DJL on the PyTorch engine (CPU). {@link #fit} standardises
 * with a {@link Standardizer} fitted on the training rows, trains with Adam on mini-batches
 * shuffled by a seeded RNG, and returns an {@link MlpClassifier} that holds only heap arrays.
 * <p>
 * Deterministic: the same seed and table give byte-identical weights. Every random draw (weight
 * initialisation, Dropout masks, batch order) comes from Java generators the fit seeds
 * ({@link SeededRandomness}), never from PyTorch's process-wide generator, so fits on different
 * threads run in parallel without sharing draws. Training runs PyTorch on one intra-op thread (a
 * process-wide setting) unless {@code -Dai.djl.pytorch.num_threads} says otherwise.
 */
public final class MlpLearner implements Learner {

    private static final String ENGINE = "PyTorch";

    /** DJL's setting for PyTorch's intra-op threads; when the user sets it, training keeps it. */
    private static final String TORCH_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private final MlpConfig config;

    public MlpLearner(MlpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static MlpLearner standardNet50() { return new MlpLearner(MlpConfig.standardNet(50)); }
    public static MlpLearner standardNet100() { return new MlpLearner(MlpConfig.standardNet(100)); }
    public static MlpLearner standardNet200() { return new MlpLearner(MlpConfig.standardNet(200)); }
    public static MlpLearner netBn50() { return new MlpLearner(MlpConfig.netBn(50)); }
    public static MlpLearner netBn100() { return new MlpLearner(MlpConfig.netBn(100)); }
    public static MlpLearner netBn200() { return new MlpLearner(MlpConfig.netBn(200)); }
    public static MlpLearner netBnDr50() { return new MlpLearner(MlpConfig.netBnDr(50)); }
    public static MlpLearner netBnDr100() { return new MlpLearner(MlpConfig.netBnDr(100)); }
    public static MlpLearner netBnDr200() { return new MlpLearner(MlpConfig.netBnDr(200)); }

    /** The nine named configurations: standardNet, netBn, netBnDr, each with width 50, 100, 200. */
    public static List<MlpLearner> namedConfigurations() {
        return List.of(standardNet50(), standardNet100(), standardNet200(),
                netBn50(), netBn100(), netBn200(),
                netBnDr50(), netBnDr100(), netBnDr200());
    }

    public MlpConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the table has fewer than 2 rows or no features
     */
    @Override
    public MlpClassifier fit(FeatureTable train, long seed) {
        if (train.size() < 2 || train.dimension() == 0) {
            throw new IllegalArgumentException(name() + " needs at least 2 rows with at least 1 feature, got "
                    + train.size() + " rows x " + train.dimension() + " features");
        }
        Standardizer standardizer = Standardizer.fit(train.features());
        float[] x = MlpClassifier.rowMajor(standardizer.apply(train.features()));
        float[] targets = weightedOneHot(train.labels(), train.numClasses(), config.balancedClassWeights());
        MlpNetwork network = train(x, targets, train.size(), train.dimension(), train.numClasses(), seed);
        return new MlpClassifier(config, seed, standardizer, network);
    }

    private MlpNetwork train(float[] x, float[] targets, int n, int d, int k, long seed) {
        Engine.getEngine(ENGINE); // loads the native library before its thread setting
        if (System.getProperty(TORCH_THREADS_PROPERTY) == null) {
            // Measured on 2 shared cores, netBn50, 418 x 1500, 100 epochs: 1 intra-op thread 1.1-2.5 s,
            // 2 threads 56-79 s once other processes compete (OpenMP workers spin-wait). The matrices are
            // too small to gain from threads, and one thread also keeps float reductions independent of
            // the machine's core count.
            JniUtils.setNumThreads(1);
        }
        // three independent streams of one seed: initial weights, Dropout masks, batch order
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initial = root.split();
        SplittableRandom dropout = root.split();
        SplittableRandom shuffler = root.split();
        // a fourth stream only with mixup, so that fits without it keep their draws
        Mixup mixup = config.mixup() ? new Mixup(config.mixupAlpha(), root.split()) : null;
        MlpBlock net = new MlpBlock(config, k, dropout);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new WeightedSoftmaxCrossEntropy())
                // He initialisation (Gaussian, fan-in, variance 2 / fan-in) suits ReLU layers.
                .optInitializer(new SeededRandomness.HeInitializer(initial), Parameter.Type.WEIGHT)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                        .optWeightDecays(config.weightDecay())
                        .build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance(config.name(), Device.cpu(), ENGINE)) {
            model.setBlock(net.block());
            try (Trainer trainer = model.newTrainer(trainingConfig);
                 NDManager data = model.getNDManager().newSubManager()) {
                trainer.initialize(new Shape(Math.min(config.batchSize(), n), d));
                NDArray allX = data.create(x, new Shape(n, d));
                NDArray allY = data.create(targets, new Shape(n, k));
                long[] order = new long[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                int batches = Math.max(1, n / config.batchSize());
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    shuffle(order, shuffler);
                    runEpoch(trainer, data, allX, allY, order, batches, mixup);
                }
            }
            return net.snapshot();
        }
    }

    /** One pass over the rows in {@code order}, as {@code batches} near-equal mini-batches. */
    private static void runEpoch(Trainer trainer, NDManager data, NDArray allX, NDArray allY, long[] order,
                                 int batches, Mixup mixup) {
        int n = order.length;
        try (NDManager epoch = data.newSubManager()) {
            NDIndex permutation = new NDIndex("{}", epoch.create(order));
            NDArray xs = allX.get(permutation);
            NDArray ys = allY.get(permutation);
            xs.attach(epoch);
            ys.attach(epoch);
            for (int b = 0; b < batches; b++) {
                long from = (long) b * n / batches;
                long to = (long) (b + 1) * n / batches;
                try (NDManager step = epoch.newSubManager()) {
                    NDIndex rows = new NDIndex(from + ":" + to);
                    NDArray xb = xs.get(rows);
                    NDArray yb = ys.get(rows);
                    xb.attach(step);
                    yb.attach(step);
                    if (mixup != null) {
                        NDArray[] mixed = mixup.mix(step, xb, yb);
                        xb = mixed[0];
                        yb = mixed[1];
                    }
                    backward(trainer, xb, yb);
                    trainer.step();
                }
            }
        }
    }

    /**
     * Forward and backward pass of one batch, leaving the gradients on the parameters. DJL's
     * GradientCollector would do this but admits one collector per process at a time; PyTorch's
     * grad mode is per thread, so switching it on for this thread alone lets fits run in parallel.
     */
    private static void backward(Trainer trainer, NDArray xb, NDArray yb) {
        boolean wasGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            NDList logits = trainer.forward(new NDList(xb));
            NDArray loss = trainer.getLoss().evaluate(new NDList(yb), logits);
            JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
        } finally {
            JniUtils.setGradMode(wasGradMode);
        }
    }

    /**
     * Mixup (Zhang et al., ICLR 2018) within a mini-batch: row {@code i} becomes
     * {@code l_i x_i + (1 - l_i) x_p(i)} and its target {@code l_i y_i + (1 - l_i) y_p(i)}, with
     * {@code p} a random permutation of the batch and {@code l_i ~ Beta(alpha, alpha)}. Both come
     * from the fit's own generator; the Beta draws are the ratio of two Gamma(alpha) draws.
     */
    static final class Mixup {
        private final SplittableRandom random;
        private final SharedStateContinuousSampler gamma;

        Mixup(float alpha, SplittableRandom random) {
            this.random = random;
            UniformRandomProvider source = random::nextLong;
            this.gamma = AhrensDieterMarsagliaTsangGammaSampler.of(source, alpha, 1.0);
        }

        /** One Beta(alpha, alpha) draw. */
        double lambda() {
            double a = gamma.sample();
            double b = gamma.sample();
            return a + b > 0 ? a / (a + b) : 0.5;
        }

        /** The mixed features and targets of one batch, in {@code manager}. */
        NDArray[] mix(NDManager manager, NDArray xb, NDArray yb) {
            int b = Math.toIntExact(xb.getShape().get(0));
            long[] partner = new long[b];
            float[] lambda = new float[b];
            for (int i = 0; i < b; i++) {
                partner[i] = i;
            }
            shuffle(partner, random);
            for (int i = 0; i < b; i++) {
                lambda[i] = (float) lambda();
            }
            NDIndex partners = new NDIndex("{}", manager.create(partner));
            NDArray l = manager.create(lambda, new Shape(b, 1));
            NDArray rest = l.neg().add(1f);
            NDArray x = xb.mul(l).add(xb.get(partners).mul(rest));
            NDArray y = yb.mul(l).add(yb.get(partners).mul(rest));
            x.attach(manager);
            y.attach(manager);
            return new NDArray[] {x, y};
        }
    }

    private static void shuffle(long[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Row-major {@code [n, k]} targets: the row's class weight at its label, 0 elsewhere. Balanced
     * weights are {@code n / (k_present * n_c)} over the classes present, so they average 1 per row.
     */
    static float[] weightedOneHot(int[] labels, int k, boolean balanced) {
        int n = labels.length;
        float[] classWeight = new float[k];
        java.util.Arrays.fill(classWeight, 1f);
        if (balanced) {
            int[] counts = new int[k];
            for (int y : labels) {
                counts[y]++;
            }
            int present = 0;
            for (int c : counts) {
                present += c > 0 ? 1 : 0;
            }
            for (int c = 0; c < k; c++) {
                classWeight[c] = counts[c] == 0 ? 0f : (float) n / ((float) present * counts[c]);
            }
        }
        float[] targets = new float[n * k];
        for (int i = 0; i < n; i++) {
            targets[i * k + labels[i]] = classWeight[labels[i]];
        }
        return targets;
    }

    @Override
    public String toString() {
        return config.describe();
    }
}

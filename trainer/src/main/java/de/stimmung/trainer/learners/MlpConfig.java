package de.stimmung.trainer.learners;

import java.util.Locale;

/**
 * Hyper-parameters of a feed-forward net: {@code hiddenLayers} blocks of
 * [Linear(hiddenWidth) → BatchNorm (if {@code batchNorm}) → ReLU → Dropout (if {@code dropout > 0})],
 * then Linear(numClasses) to logits. Trained with Adam (L2 weight decay added to the gradient) on
 * softmax cross entropy, optionally weighted per class ({@code balancedClassWeights}: weight
 * {@code n / (numClasses * n_c)}, so the mean weight over the training rows is 1), optionally on
 * mixup batches ({@code mixupAlpha > 0}: every row of a mini-batch is replaced by
 * {@code l x_i + (1 - l) x_j} with the targets mixed alike, {@code j} a random row of the same batch
 * and {@code l ~ Beta(alpha, alpha)}, drawn per row).
 * <p>
 * The seed is not part of the configuration: {@link Learner#fit} takes it, and the fitted
 * {@link MlpClassifier} records it.
 *
 * @param name                 the report name, e.g. {@code netBn50}
 * @param hiddenWidth          units per hidden layer, at least 1
 * @param hiddenLayers         number of hidden blocks, at least 1
 * @param batchNorm            whether each hidden block has a BatchNorm after its Linear
 * @param dropout              dropout rate in [0, 1); 0 means no Dropout block
 * @param epochs               passes over the training rows, at least 1
 * @param batchSize            target mini-batch size; the rows of an epoch are split into
 *                             {@code max(1, n / batchSize)} batches of near-equal size so that no
 *                             tiny trailing batch disturbs BatchNorm
 * @param learningRate         Adam's fixed learning rate
 * @param weightDecay          L2 coefficient added to the gradient of every parameter
 * @param balancedClassWeights whether to weight the loss inversely to class frequency
 * @param mixupAlpha           Beta parameter of mixup, in [0, 10]; 0 trains on the rows as they are
 */
public record MlpConfig(String name, int hiddenWidth, int hiddenLayers, boolean batchNorm, float dropout,
                        int epochs, int batchSize, float learningRate, float weightDecay,
                        boolean balancedClassWeights, float mixupAlpha) {

    /** Hidden blocks in the named configurations. */
    public static final int DEFAULT_LAYERS = 3;
    /** Epochs of the named configurations: enough for ~400 rows to converge with batch 32. */
    public static final int DEFAULT_EPOCHS = 100;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    public static final float DEFAULT_WEIGHT_DECAY = 1e-4f;
    /** Dropout rate of the {@code netBnDr*} configurations. */
    public static final float DEFAULT_DROPOUT = 0.3f;
    /** BatchNorm epsilon, identical in DJL training and the exported ONNX node (ONNX's default). */
    public static final float BATCH_NORM_EPSILON = 1e-5f;
    /** BatchNorm momentum in DJL's convention: running = momentum * running + (1 - momentum) * batch. */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;
    /** Largest mixup Beta parameter accepted; beyond it nearly every row is a half-half blend. */
    public static final float MAX_MIXUP_ALPHA = 10f;

    public MlpConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("MlpConfig needs a non-blank name, e.g. netBn50");
        }
        requireAtLeast1("hiddenWidth", hiddenWidth);
        requireAtLeast1("hiddenLayers", hiddenLayers);
        requireAtLeast1("epochs", epochs);
        requireAtLeast1("batchSize", batchSize);
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (!(mixupAlpha >= 0f && mixupAlpha <= MAX_MIXUP_ALPHA)) {
            throw new IllegalArgumentException("mixupAlpha must be in [0, " + MAX_MIXUP_ALPHA + "], got " + mixupAlpha);
        }
    }

    private static void requireAtLeast1(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /** Plain MLP {@code standardNet<width>}: [Linear → ReLU] x3 → Linear. */
    public static MlpConfig standardNet(int width) {
        return defaults("standardNet" + width, width, false, 0f);
    }

    /** {@code netBn<width>}: [Linear → BatchNorm → ReLU] x3 → Linear. */
    public static MlpConfig netBn(int width) {
        return defaults("netBn" + width, width, true, 0f);
    }

    /** {@code netBnDr<width>}: [Linear → BatchNorm → ReLU → Dropout(0.3)] x3 → Linear. */
    public static MlpConfig netBnDr(int width) {
        return defaults("netBnDr" + width, width, true, DEFAULT_DROPOUT);
    }

    private static MlpConfig defaults(String name, int width, boolean batchNorm, float dropout) {
        return new MlpConfig(name, width, DEFAULT_LAYERS, batchNorm, dropout, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE,
                DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY, false, 0f);
    }

    /** The same configuration trained for a different number of epochs (name unchanged). */
    public MlpConfig withEpochs(int newEpochs) {
        return new MlpConfig(name, hiddenWidth, hiddenLayers, batchNorm, dropout, newEpochs, batchSize,
                learningRate, weightDecay, balancedClassWeights, mixupAlpha);
    }

    /** The same configuration with class-balanced loss weights; the name gets the suffix {@code Bal}. */
    public MlpConfig withBalancedClassWeights() {
        return new MlpConfig(balancedClassWeights ? name : name + "Bal", hiddenWidth, hiddenLayers, batchNorm,
                dropout, epochs, batchSize, learningRate, weightDecay, true, mixupAlpha);
    }

    /** Whether training mixes rows ({@link #mixupAlpha} above 0). */
    public boolean mixup() {
        return mixupAlpha > 0f;
    }

    /**
     * The same configuration trained on mixup batches with Beta parameter {@code alpha}; the name
     * gets the suffix {@code Mix}.
     */
    public MlpConfig withMixup(float alpha) {
        if (!(alpha > 0f)) {
            throw new IllegalArgumentException("a mixup configuration needs alpha > 0, got " + alpha);
        }
        return new MlpConfig(mixup() ? name : name + "Mix", hiddenWidth, hiddenLayers, batchNorm, dropout, epochs,
                batchSize, learningRate, weightDecay, balancedClassWeights, alpha);
    }

    /** A one-line description for logs and the model card, e.g. {@code netBn50: 3x50 BN, ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %dx%d%s%s, %d epochs, batch %d, Adam lr %g, weight decay %g%s%s",
                name, hiddenLayers, hiddenWidth, batchNorm ? " BN" : "",
                dropout > 0 ? String.format(Locale.ROOT, " dropout %.2f", dropout) : "",
                epochs, batchSize, learningRate, weightDecay, balancedClassWeights ? ", balanced class weights" : "",
                mixup() ? String.format(Locale.ROOT, ", mixup alpha %.2f", mixupAlpha) : "");
    }
}

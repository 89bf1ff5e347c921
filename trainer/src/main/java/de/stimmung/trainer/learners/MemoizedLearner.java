package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.HashMap;
import java.util.Map;

/**
 * A learner whose fits are remembered by training rows (ids in order, features and labels) and seed, for a
 * configuration that also serves as a branch of another (a {@link ChannelRoutedLearner}): fitting
 * is deterministic for those, so the second request gets the first fit instead of training the
 * same network again. Thread-safe; fits of one memo run one at a time.
 */
public final class MemoizedLearner implements Learner {

    private final Learner inner;
    private final Map<String, ProbabilisticClassifier> fits = new HashMap<>();

    public MemoizedLearner(Learner inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public synchronized ProbabilisticClassifier fit(FeatureTable train, long seed) {
        String key = seed + "|" + contentHash(train) + "|" + String.join(",", train.ids());
        ProbabilisticClassifier fitted = fits.get(key);
        if (fitted == null) {
            fitted = inner.fit(train, seed);
            fits.put(key, fitted);
        }
        return fitted;
    }

    /** A 64-bit hash of every feature bit and label, so equal ids with other features (normalised ones) never match. */
    private static long contentHash(FeatureTable t) {
        long h = 1125899906842597L;
        for (int i = 0; i < t.size(); i++) {
            for (float v : t.features()[i]) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
            h = 31 * h + t.labels()[i];
        }
        return h;
    }

    /** How many distinct fits are remembered. */
    public synchronized int size() {
        return fits.size();
    }
}

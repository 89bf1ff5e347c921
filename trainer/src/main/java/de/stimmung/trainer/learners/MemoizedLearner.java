package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A learner whose fits are remembered by training rows (ids in order, features and labels) and seed, for a
 * configuration that also serves as a branch of another (a {@link ChannelRoutedLearner}): fitting
 * is deterministic for those, so the second request gets the first fit instead of training the
 * same network again. Thread-safe: fits of different rows run at once; a request for a fit that
 * another thread is computing waits for it rather than training it twice.
 */
public final class MemoizedLearner implements Learner {

    private final Learner inner;
    private final ConcurrentHashMap<String, CompletableFuture<ProbabilisticClassifier>> fits =
            new ConcurrentHashMap<>();

    public MemoizedLearner(Learner inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        String key = seed + "|" + contentHash(train) + "|" + String.join(",", train.ids());
        CompletableFuture<ProbabilisticClassifier> mine = new CompletableFuture<>();
        CompletableFuture<ProbabilisticClassifier> existing = fits.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                ProbabilisticClassifier fitted = inner.fit(train, seed);
                mine.complete(fitted);
                return fitted;
            } catch (RuntimeException | Error e) {
                fits.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name() + " to be fitted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name() + " failed to fit: " + e.getCause().getMessage(), e.getCause());
        }
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

    /** How many distinct fits are remembered (finished or under way). */
    public int size() {
        return fits.size();
    }
}

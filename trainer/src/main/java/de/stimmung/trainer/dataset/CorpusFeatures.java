package de.stimmung.trainer.dataset;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Extracts the feature vector of every recording of a corpus with the shared extractor, in
 * parallel, reading from and filling a {@link FeatureCache}. Also fingerprints the training
 * data (file names and contents) for the model's metadata.
 */
public final class CorpusFeatures {

    /** The feature table plus the fingerprint of the data it came from and how much was cached. */
    public record Result(FeatureTable table, String dataFingerprint, int fromCache) {
    }

    private final FeatureExtractor extractor;
    private final FeatureCache cache;
    private final int threads;

    /**
     * @param cache   where vectors are cached; null for no cache
     * @param threads extraction threads (at least 1)
     */
    public CorpusFeatures(FeatureExtractor extractor, FeatureCache cache, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.extractor = extractor;
        this.cache = cache;
        this.threads = threads;
    }

    /**
     * Extracts (or loads) every recording's vector, rows in corpus order.
     *
     * @param progress called with the number of recordings done so far, from worker threads
     */
    public Result extract(EmoDbCorpus corpus, IntConsumer progress) {
        return extract(corpus, 1.0, progress);
    }

    /**
     * Like {@link #extract(EmoDbCorpus, IntConsumer)} for speed-perturbed audio: the samples are
     * played at {@code speedFactor} times their rate. Used to augment training folds only; 1.0 is the audio as is.
     */
    public Result extract(EmoDbCorpus corpus, double speedFactor, IntConsumer progress) {
        return extract(corpus, AudioVariant.speed(speedFactor), progress);
    }

    /**
     * Like {@link #extract(EmoDbCorpus, IntConsumer)} for a variant of every recording (a speed
     * change, a telephone line): rows in corpus order, labels, speakers and ids of the originals.
     */
    public Result extract(EmoDbCorpus corpus, AudioVariant variant, IntConsumer progress) {
        String keySuffix = variant.cacheSuffix();
        List<EmoDbCorpus.Recording> recs = corpus.recordings();
        int n = recs.size();
        float[][] features = new float[n][];
        String[] hashes = new String[n];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger cached = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
                EmoDbCorpus.Recording r = recs.get(i);
                try {
                    byte[] bytes = Files.readAllBytes(r.path());
                    hashes[i] = sha256(bytes);
                    String key = hashes[i] + keySuffix;
                    float[] v = cache == null ? null : cache.get(key).orElse(null);
                    if (v == null) {
                        PcmAudio audio = variant.apply(WavFile.read(bytes, r.path().toString()), hashes[i]);
                        v = extractor.extract(audio.samples(), audio.sampleRateHz());
                        if (cache != null) {
                            cache.put(key, v);
                        }
                    } else {
                        cached.incrementAndGet();
                    }
                    features[i] = v;
                } catch (IOException e) {
                    throw new UncheckedIOException(r.path() + ": " + e.getMessage(), e);
                }
                progress.accept(done.incrementAndGet());
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("feature extraction interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("feature extraction failed: " + cause, cause);
        } finally {
            pool.shutdown();
        }
        int[] labels = new int[n];
        String[] speakers = new String[n];
        String[] ids = new String[n];
        StringBuilder fingerprint = new StringBuilder();
        for (int i = 0; i < n; i++) {
            EmoDbFile f = recs.get(i).file();
            labels[i] = f.emotion().ordinal();
            speakers[i] = f.speaker();
            ids[i] = f.fileName();
            fingerprint.append(ids[i]).append(' ').append(hashes[i]).append('\n');
        }
        FeatureTable table = new FeatureTable(features, labels, speakers, ids, Emotion.values().length);
        return new Result(table, sha256(fingerprint.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                cached.get());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

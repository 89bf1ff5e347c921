package de.stimmung.trainer.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Feature vectors on disk, keyed by the audio file's content hash under a folder per feature
 * spec version, so a changed file or a changed extractor can never return a stale vector.
 * Layout: {@code root/<specVersion>/<sha256 of file>.f32} (little-endian float32). Writes are
 * atomic (temp file + move), so concurrent extractions and crashes leave no torn entries.
 * Thread-safe.
 */
public final class FeatureCache {

    private final Path folder;
    private final int dimension;

    public FeatureCache(Path root, String specVersion, int dimension) {
        this.folder = root.resolve(specVersion);
        this.dimension = dimension;
    }

    /** The cached vector for content with this hash, if present and of the right length. */
    public Optional<float[]> get(String contentSha256) throws IOException {
        Path p = folder.resolve(contentSha256 + ".f32");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(p);
        if (bytes.length != dimension * Float.BYTES) {
            return Optional.empty();
        }
        float[] v = new float[dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return Optional.of(v);
    }

    /** Stores a vector for content with this hash. */
    public void put(String contentSha256, float[] vector) throws IOException {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " values, cache holds " + dimension);
        }
        Files.createDirectories(folder);
        ByteBuffer buf = ByteBuffer.allocate(dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(vector);
        Path tmp = Files.createTempFile(folder, contentSha256, ".tmp");
        Files.write(tmp, buf.array());
        Files.move(tmp, folder.resolve(contentSha256 + ".f32"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}

package de.stimmung.audio;

/**
 * Converts between the little-endian byte layout of one {@link SampleEncoding} and float samples
 * in [-1, 1] (full scale). One implementation per encoding; all are stateless and thread-safe.
 *
 * <p>{@link #decode} allocates nothing and is meant for the per-chunk hot path. Integer
 * encodings decode exactly ({@code s / 32768f} for 16-bit PCM, G.711 via the linear 16-bit
 * value). {@link Float32LeCodec} passes values through unchanged, including NaN, infinities
 * and values outside [-1, 1]; use {@link #indexOfNonFinite} to reject such chunks cheaply.
 */
public sealed interface SampleCodec permits Pcm16LeCodec, G711Codec, Float32LeCodec {

    /**
     * The codec for a chunk encoding.
     *
     * @throws NullPointerException if {@code encoding} is null
     */
    static SampleCodec forEncoding(SampleEncoding encoding) {
        return switch (encoding) {
            case PCM_S16LE -> Pcm16LeCodec.INSTANCE;
            case MULAW -> G711Codec.MU_LAW;
            case ALAW -> G711Codec.A_LAW;
            case FLOAT32LE -> Float32LeCodec.INSTANCE;
        };
    }

    /** The encoding this codec implements. */
    SampleEncoding encoding();

    /** Bytes per sample of one channel: 2 for PCM_S16LE, 1 for G.711, 4 for FLOAT32LE. */
    int bytesPerSample();

    /**
     * Decodes {@code byteLen} bytes from {@code src[srcOff..]} into {@code dst[dstOff..]}.
     * Allocates nothing.
     *
     * @return the number of samples written, {@code byteLen / bytesPerSample()}
     * @throws IllegalArgumentException if {@code byteLen} is not a multiple of {@link #bytesPerSample()}
     * @throws IndexOutOfBoundsException if either range lies outside its array
     */
    int decode(byte[] src, int srcOff, int byteLen, float[] dst, int dstOff);

    /**
     * Encodes {@code samples[off..off+len)} into a new array of {@code len * bytesPerSample()}
     * bytes. Integer encodings clip to [-1, 1] and round to the nearest 16-bit step; NaN
     * becomes 0. FLOAT32LE keeps every value as it is.
     */
    byte[] encode(float[] samples, int off, int len);

    /**
     * Index of the first NaN or infinite sample in {@code samples[off..off+len)}, or -1 if all are
     * finite. Allocates nothing; one pass.
     */
    static int indexOfNonFinite(float[] samples, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (!Float.isFinite(samples[i])) {
                return i;
            }
        }
        return -1;
    }
}

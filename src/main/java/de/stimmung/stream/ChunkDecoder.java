package de.stimmung.stream;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.features.UtteranceExtraction;
import java.nio.ByteBuffer;

/**
 * Checks an {@link AudioChunk} and decodes its audio to float samples, rejecting bad chunks with
 * a {@link BadChunkException} that names the problem before anything else happens. Reuses its
 * buffers; not thread-safe (one per stream task).
 */
final class ChunkDecoder {

    private final int maxChunkBytes;
    private byte[] bytes = new byte[4096];
    private float[] samples = new float[4096];

    ChunkDecoder(int maxChunkBytes) {
        this.maxChunkBytes = maxChunkBytes;
    }

    /** Decodes the chunk; the samples are in {@link #samples()}, valid until the next call. */
    int decode(AudioChunk chunk) {
        if (chunk.getSequenceNumber() < 0) {
            throw new BadChunkException(DeadLetterKind.NEGATIVE_SEQUENCE_NUMBER, "chunk of call " + chunk.getCallId()
                    + " channel " + chunk.getChannel() + " has sequence number " + chunk.getSequenceNumber()
                    + "; number the chunks of a call and channel from 0 upwards");
        }
        ByteBuffer audio = chunk.getAudio();
        int len = audio == null ? 0 : audio.remaining();
        if (len == 0) {
            throw new BadChunkException(DeadLetterKind.EMPTY_CHUNK, "chunk " + chunk.getSequenceNumber() + " of call "
                    + chunk.getCallId() + " has no audio bytes");
        }
        if (len > maxChunkBytes) {
            throw new BadChunkException(DeadLetterKind.OVERSIZED_CHUNK, "chunk " + chunk.getSequenceNumber() + " of call "
                    + chunk.getCallId() + " has " + len + " audio bytes, the maximum is " + maxChunkBytes
                    + "; send shorter chunks (100 ms is typical)");
        }
        int rate = chunk.getSampleRateHz();
        if (rate < UtteranceExtraction.MIN_RATE_HZ || rate > UtteranceExtraction.MAX_RATE_HZ) {
            throw new BadChunkException(DeadLetterKind.UNSUPPORTED_SAMPLE_RATE, "chunk " + chunk.getSequenceNumber()
                    + " of call " + chunk.getCallId() + " has sample rate " + rate + " Hz; supported: "
                    + UtteranceExtraction.MIN_RATE_HZ + ".." + UtteranceExtraction.MAX_RATE_HZ + " Hz");
        }
        SampleCodec codec = WireEncoding.codecFor(chunk.getEncoding());
        if (len % codec.bytesPerSample() != 0) {
            throw new BadChunkException(DeadLetterKind.PARTIAL_SAMPLE, "chunk " + chunk.getSequenceNumber() + " of call "
                    + chunk.getCallId() + " has " + len + " bytes of " + chunk.getEncoding() + ", not a whole number of "
                    + codec.bytesPerSample() + "-byte samples");
        }
        if (bytes.length < len) {
            bytes = new byte[Math.max(len, bytes.length * 2)];
        }
        audio.duplicate().get(bytes, 0, len);
        int n = len / codec.bytesPerSample();
        if (samples.length < n) {
            samples = new float[Math.max(n, samples.length * 2)];
        }
        codec.decode(bytes, 0, len, samples, 0);
        int bad = SampleCodec.indexOfNonFinite(samples, 0, n);
        if (bad >= 0) {
            throw new BadChunkException(DeadLetterKind.INVALID_SAMPLES, "chunk " + chunk.getSequenceNumber() + " of call "
                    + chunk.getCallId() + ": sample " + bad + " is " + samples[bad] + "; audio must be finite");
        }
        return n;
    }

    float[] samples() {
        return samples;
    }
}

package de.stimmung.stream;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds AudioChunk records from float audio for tests. */
final class Chunks {

    static final long T0 = 1_700_000_000_000L;

    private Chunks() {
    }

    /** Splits audio into chunks of {@code chunkSamples}, numbered from {@code firstSeq}. */
    static List<AudioChunk> of(String callId, float[] audio, int rate, int chunkSamples, AudioEncoding encoding,
            String utteranceId, boolean endOfUtterance, long firstSeq) {
        List<AudioChunk> out = new ArrayList<>();
        SampleCodec codec = WireEncoding.codecFor(encoding);
        long seq = firstSeq;
        for (int off = 0; off < audio.length; off += chunkSamples) {
            int n = Math.min(chunkSamples, audio.length - off);
            boolean last = off + n >= audio.length;
            out.add(AudioChunk.newBuilder().setCallId(callId).setChannel(0).setSequenceNumber(seq)
                    .setTimestampMs(Instant.ofEpochMilli(T0 + (long) off * 1000 / rate)).setSampleRateHz(rate)
                    .setEncoding(encoding).setAudio(ByteBuffer.wrap(codec.encode(audio, off, n)))
                    .setUtteranceId(utteranceId).setEndOfUtterance(last && endOfUtterance).setEndOfCall(false).build());
            seq++;
        }
        return out;
    }

    static float[] voiced(double f0, double seconds, int rate, double loud) {
        float[] x = new float[(int) (seconds * rate)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 2.5 * t)) / rate;
            x[i] = (float) (loud * Math.max(0, Math.sin(Math.PI * 4 * t / seconds))
                    * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)));
        }
        return x;
    }

    static AudioChunk with(AudioChunk c, java.util.function.Consumer<AudioChunk.Builder> change) {
        AudioChunk.Builder b = AudioChunk.newBuilder(c);
        change.accept(b);
        return b.build();
    }
}

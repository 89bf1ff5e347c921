package de.stimmung.cli.load;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.stream.WireEncoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every simulated call sends: real-time audio at {@code rateHz} in {@code chunkMs} chunks, as
 * a loop of producer-marked utterances of {@code utteranceMs} each (a synthetic voiced signal
 * with a gliding pitch and a syllable envelope, seeded, so the extractor finds speech in it).
 * The chunks of one utterance are encoded once and shared by all calls.
 *
 * @param rateHz      sample rate of the calls, in Hz (16000 wideband, 8000 telephone)
 * @param encoding    wire encoding of the chunks ({@code MULAW} for a call centre's G.711 line)
 * @param chunkMs     duration of one chunk, in milliseconds
 * @param utteranceMs duration of one marked utterance, in milliseconds (a whole number of chunks)
 * @param phases      how the calls' chunk boundaries lie against each other
 */
public record LoadProfile(int rateHz, AudioEncoding encoding, int chunkMs, int utteranceMs, Phases phases) {

    /** How the calls' chunk boundaries lie against each other in time. */
    public enum Phases {
        /**
         * Each call sends at its own phase of the chunk period, as independent calls do (call
         * {@code n} at {@code (n mod 10) / 10} of it): the same load, spread over the period.
         */
        SPREAD,
        /** Every call sends its chunk in the same instant: one burst of a chunk per call each period (the worst case). */
        ALIGNED
    }

    /** The phase slots of a chunk period under {@link Phases#SPREAD}. */
    public static final int PHASE_SLOTS = 10;

    public LoadProfile {
        if (phases == null) {
            throw new IllegalArgumentException("a load profile needs its chunk phases (SPREAD or ALIGNED)");
        }
        if (rateHz < 4000 || chunkMs < 10 || utteranceMs < chunkMs || utteranceMs % chunkMs != 0) {
            throw new IllegalArgumentException("rate " + rateHz + " Hz, chunks of " + chunkMs + " ms and utterances of "
                    + utteranceMs + " ms do not fit: the rate must be at least 4000 Hz, chunks at least 10 ms and an"
                    + " utterance a whole number of chunks");
        }
    }

    /** Wideband calls: 16-bit PCM at {@code rateHz}, 100 ms chunks, 2 s utterances. */
    public static LoadProfile pcm(int rateHz) {
        return new LoadProfile(rateHz, AudioEncoding.PCM_S16LE, 100, 2000, Phases.SPREAD);
    }

    /** Call-centre telephone audio: 8 kHz G.711 mu-law, 100 ms chunks, 2 s utterances. */
    public static LoadProfile telephony() {
        return new LoadProfile(8000, AudioEncoding.MULAW, 100, 2000, Phases.SPREAD);
    }

    /** This profile with the given chunk phases. */
    public LoadProfile withPhases(Phases p) {
        return new LoadProfile(rateHz, encoding, chunkMs, utteranceMs, p);
    }

    /** Phase slots per chunk period: {@link #PHASE_SLOTS} when spread, 1 when aligned. */
    public int slots() {
        return phases == Phases.SPREAD ? PHASE_SLOTS : 1;
    }

    /** Whether call {@code n} sends in slot {@code slot} of each chunk period. */
    public boolean sendsInSlot(int n, int slot) {
        return n % slots() == slot;
    }

    /** Where call {@code n}'s chunks lie within the chunk period, in milliseconds after its start. */
    public double phaseOffsetMs(int n) {
        return (double) chunkMs * (n % slots()) / slots();
    }

    /** Chunks per utterance. */
    public int chunksPerUtterance() {
        return utteranceMs / chunkMs;
    }

    /** Events one call produces per second. */
    public double utterancesPerSecond() {
        return 1000.0 / utteranceMs;
    }

    /** The encoded chunks of one utterance, in order (read-only buffers, duplicate before use). */
    public List<ByteBuffer> utteranceChunks() {
        float[] audio = speechLike(utteranceMs / 1000.0, rateHz);
        int chunk = rateHz * chunkMs / 1000;
        SampleCodec codec = WireEncoding.codecFor(encoding);
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int off = 0; off + chunk <= audio.length; off += chunk) {
            chunks.add(ByteBuffer.wrap(codec.encode(audio, off, chunk)).asReadOnlyBuffer());
        }
        return chunks;
    }

    /** A voiced signal (130 +- 30 Hz glide, two harmonics, 3 syllables per second) in faint noise; seeded. */
    static float[] speechLike(double seconds, int rate) {
        float[] x = new float[(int) (seconds * rate)];
        SplittableRandom r = new SplittableRandom(1);
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * (130 + 30 * Math.sin(2 * Math.PI * 0.8 * t)) / rate;
            double env = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
            x[i] = (float) (0.3 * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase)) + 0.005 * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    @Override
    public String toString() {
        return rateHz + " Hz " + encoding + ", " + chunkMs + " ms chunks (" + phases.name().toLowerCase(java.util.Locale.ROOT)
                + " phases), " + utteranceMs + " ms utterances";
    }
}

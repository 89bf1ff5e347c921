package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Concurrent calls of producer-marked utterances (voiced audio, 16 kHz, 100 ms chunks) laid out
 * on one timeline, as real-time producers would send them: {@link #inOrder()} gives every chunk
 * with the time it is due (ms from the timeline's start), in that order, and {@link #expected()}
 * the one event each utterance must yield. Times of the audio (the chunks' {@code timestampMs},
 * the events' start and end) count from {@link Chunks#T0}.
 */
final class CallTimeline {

    static {
        de.stimmung.registry.TrustedRecords.install(); // Avro copies the chunks' enum only for trusted classes
    }

    static final int RATE = 16000;
    static final int CHUNK_MS = 100;

    /** A chunk and when it is due, in ms from the timeline's start. */
    record Entry(long atMs, String callId, AudioChunk chunk) {
    }

    /** The event an utterance must yield: its audio's start and end (epoch ms, from {@link Chunks#T0}). */
    record Utterance(String utteranceId, String callId, long startMs, long endMs) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Utterance> expected = new ArrayList<>();

    /**
     * Adds a call that starts at {@code startMs} on the timeline and speaks utterances of these
     * lengths (multiples of 100 ms) back to back, {@code <call>-u<n>}; each is marked ended at
     * its last chunk, except the last one when {@code lastEnds} is false: the producer then stops
     * sending mid-utterance (nor does it end the call), and only the idle timeout can close it.
     */
    CallTimeline call(String callId, long startMs, double[] seconds, boolean lastEnds) {
        List<float[]> audio = new ArrayList<>();
        for (int u = 0; u < seconds.length; u++) {
            audio.add(Chunks.voiced(120 + 7 * u + (callId.hashCode() & 31), seconds[u], RATE, 0.3));
        }
        return call(callId, startMs, audio, lastEnds);
    }

    /** As {@link #call(String, long, double[], boolean)}, with these utterances' audio (16 kHz). */
    CallTimeline call(String callId, long startMs, List<float[]> utterances, boolean lastEnds) {
        long seq = 0;
        long position = 0; // samples of the call so far
        int chunkSamples = RATE * CHUNK_MS / 1000;
        for (int u = 0; u < utterances.size(); u++) {
            String id = callId + "-u" + u;
            float[] audio = utterances.get(u);
            boolean ends = u < utterances.size() - 1 || lastEnds;
            List<AudioChunk> chunks = Chunks.of(callId, audio, RATE, chunkSamples, AudioEncoding.PCM_S16LE, id, ends, seq);
            for (int k = 0; k < chunks.size(); k++) {
                long at = (position + (long) k * chunkSamples) * 1000 / RATE;
                entries.add(new Entry(startMs + at, callId,
                        Chunks.with(chunks.get(k), b -> b.setTimestampMs(Instant.ofEpochMilli(Chunks.T0 + at)))));
            }
            seq += chunks.size();
            expected.add(new Utterance(id, callId, Chunks.T0 + position * 1000 / RATE,
                    Chunks.T0 + (position + audio.length) * 1000 / RATE));
            position += audio.length;
        }
        return this;
    }

    /** Every chunk by the time it is due (the start of its audio on the timeline; ties keep call order). */
    List<Entry> inOrder() {
        return entries.stream().sorted(Comparator.comparingLong(Entry::atMs)).toList();
    }

    List<Utterance> expected() {
        return List.copyOf(expected);
    }

    /** When the last chunk is due. */
    long lengthMs() {
        return entries.stream().mapToLong(Entry::atMs).max().orElse(0);
    }

    /** Audio seconds of all calls. */
    double audioSeconds() {
        return entries.size() * CHUNK_MS / 1000.0;
    }

    /**
     * Asserts exactly one event per expected utterance, with the whole utterance's start and end;
     * the message lists every utterance that was split (several events), lost or cut short.
     */
    void assertOneWholeEventPerUtterance(List<EmotionEvent> events, String context) {
        Map<String, List<EmotionEvent>> byId = events.stream()
                .collect(Collectors.groupingBy(e -> String.valueOf(e.getUtteranceId()), TreeMap::new, Collectors.toList()));
        List<String> problems = new ArrayList<>();
        for (Utterance u : expected) {
            List<EmotionEvent> got = byId.getOrDefault(u.utteranceId(), List.of());
            if (got.size() != 1) {
                problems.add(u.utteranceId() + ": " + got.size() + " events " + spans(got));
            } else if (got.get(0).getStartTimeMs().toEpochMilli() != u.startMs()
                    || got.get(0).getEndTimeMs().toEpochMilli() != u.endMs()) {
                problems.add(u.utteranceId() + ": event " + spans(got) + ", the audio is [" + (u.startMs() - Chunks.T0)
                        + ", " + (u.endMs() - Chunks.T0) + "]");
            }
        }
        List<String> unknown = byId.keySet().stream()
                .filter(id -> expected.stream().noneMatch(u -> u.utteranceId().equals(id))).toList();
        if (!unknown.isEmpty()) {
            problems.add("events of utterances never sent: " + unknown);
        }
        assertEquals(List.of(), problems, "every utterance yields exactly one event, whole (" + expected.size()
                + " utterances, " + events.size() + " events; times in ms from the call's start); " + context);
    }

    private static String spans(List<EmotionEvent> events) {
        return events.stream().map(e -> "[" + (e.getStartTimeMs().toEpochMilli() - Chunks.T0) + ", "
                + (e.getEndTimeMs().toEpochMilli() - Chunks.T0) + "]").collect(Collectors.joining(" "));
    }
}

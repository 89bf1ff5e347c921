package de.stimmung.stream.monitor;

import de.stimmung.avro.EmotionEvent;
import de.stimmung.model.Emotion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Emotion events for tests: an utterance of 1 s every 2 s, with the probabilities a test chooses. */
final class Utterances {

    static final long T0 = 1_700_000_000_000L;

    private Utterances() {
    }

    /** Probabilities with {@code p} on {@code top} and the rest spread evenly over the other six labels. */
    static Map<String, Double> peaked(Emotion top, double p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            m.put(e.label(), e == top ? p : (1 - p) / 6);
        }
        return m;
    }

    static EmotionEvent event(String callId, int channel, int n, Map<String, Double> probabilities) {
        String top = probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return EmotionEvent.newBuilder().setCallId(callId).setChannel(channel)
                .setUtteranceId(callId + "/" + channel + "/" + n)
                .setStartTimeMs(Instant.ofEpochMilli(T0 + 2000L * n)).setEndTimeMs(Instant.ofEpochMilli(T0 + 2000L * n + 1000))
                .setEmotion(top).setConfidence(probabilities.get(top)).setProbabilities(probabilities)
                .setModelVersion("test").setFeatureSpecVersion("test").setProcessingTimeMs(1.0).build();
    }

    static EmotionEvent angry(String callId, int channel, int n) {
        return event(callId, channel, n, peaked(Emotion.ANGER, 0.8));
    }

    static EmotionEvent calm(String callId, int channel, int n) {
        return event(callId, channel, n, peaked(Emotion.NEUTRAL, 0.7));
    }

    /** An event without speech as the evolved schema may carry it: no probabilities (the emotion field kept valid). */
    static EmotionEvent noSpeech(String callId, int channel, int n) {
        EmotionEvent e = event(callId, channel, n, peaked(Emotion.NEUTRAL, 0.5));
        e.setProbabilities(Map.of());
        e.setConfidence(0.0);
        return e;
    }
}

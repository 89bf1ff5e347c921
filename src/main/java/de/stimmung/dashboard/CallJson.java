package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import de.stimmung.avro.state.ChannelView;
import de.stimmung.avro.state.OpenAlert;
import de.stimmung.avro.state.TimelinePoint;
import de.stimmung.model.Emotion;
import java.util.List;
import java.util.Map;

/**
 * The JSON the dashboard's API speaks: call summaries (the list), call details (with the
 * timeline), live utterances and alert changes. Probabilities always carry the seven labels in
 * the model's order; an utterance without speech has {@code "speech": false}, no emotion and no
 * probabilities. Thread-safe.
 */
final class CallJson {

    private final ObjectMapper json;
    private final List<String> watched;
    private final int sparklinePoints;

    CallJson(ObjectMapper json, List<String> watched, int sparklinePoints) {
        this.json = json;
        this.watched = watched;
        this.sparklinePoints = sparklinePoints;
    }

    ObjectMapper mapper() {
        return json;
    }

    /** A call as the list shows it: state, latest emotions, risk, open alert, sparkline. */
    ObjectNode summary(CallView v) {
        ObjectNode n = json.createObjectNode();
        n.put("callId", v.getCallId());
        n.put("startMs", v.getStartMs());
        n.put("lastActivityMs", v.getLastActivityMs());
        n.put("durationMs", v.getLastActivityMs() - v.getStartMs());
        n.put("ended", v.getEnded());
        n.put("riskScore", v.getRiskScore());
        Integer watchedChannel = v.getRuleChannel();
        if (watchedChannel != null) {
            n.put("customerChannel", watchedChannel.intValue());
        } else {
            n.putNull("customerChannel");
        }
        ArrayNode channels = n.putArray("channels");
        String emotion = null;
        for (ChannelView c : v.getChannels()) {
            ObjectNode ch = channels.addObject();
            ch.put("channel", c.getChannel());
            ch.put("utterances", c.getUtterances());
            ch.put("noSpeech", c.getNoSpeech());
            ch.put("latestEmotion", c.getLatestEmotion());
            ch.put("latestConfidence", c.getLatestConfidence());
            if (emotion == null || (watchedChannel != null && c.getChannel() == watchedChannel)) {
                emotion = c.getLatestEmotion();
            }
        }
        n.put("emotion", emotion);
        OpenAlert a = v.getOpenAlert();
        n.put("attention", a != null && a.getAcknowledgedBy() == null);
        if (a == null) {
            n.putNull("alert");
        } else {
            ObjectNode an = n.putObject("alert");
            an.put("alertId", a.getAlertId());
            an.put("channel", a.getChannel());
            an.put("emotion", a.getEmotion());
            an.put("score", a.getScore());
            an.put("sinceMs", a.getSinceMs());
            an.put("raisedMs", a.getRaisedMs());
            an.put("acknowledged", a.getAcknowledgedBy() != null);
            an.put("acknowledgedBy", a.getAcknowledgedBy());
            ArrayNode ids = an.putArray("utteranceIds");
            a.getUtteranceIds().forEach(ids::add);
        }
        ArrayNode spark = n.putArray("sparkline");
        List<TimelinePoint> points = v.getTimeline().stream()
                .filter(p -> p.getEmotion() != null && (watchedChannel == null || p.getChannel() == watchedChannel)).toList();
        points.subList(Math.max(0, points.size() - sparklinePoints), points.size())
                .forEach(p -> spark.add(watchedMax(p.getProbabilities())));
        return n;
    }

    /** A call with its whole kept timeline (oldest first). */
    ObjectNode detail(CallView v) {
        ObjectNode n = summary(v);
        ArrayNode timeline = n.putArray("timeline");
        for (TimelinePoint p : v.getTimeline()) {
            ObjectNode t = timeline.addObject();
            t.put("utteranceId", p.getUtteranceId());
            t.put("channel", p.getChannel());
            t.put("startMs", p.getStartMs());
            t.put("endMs", p.getEndMs());
            t.put("speech", p.getEmotion() != null);
            t.put("emotion", p.getEmotion());
            probabilities(t, p.getEmotion() != null ? p.getProbabilities() : null);
        }
        return n;
    }

    /** A live utterance event. */
    ObjectNode utterance(EmotionEvent e, boolean speech) {
        ObjectNode n = json.createObjectNode();
        n.put("callId", e.getCallId());
        n.put("channel", e.getChannel());
        n.put("utteranceId", e.getUtteranceId());
        n.put("startMs", e.getStartTimeMs().toEpochMilli());
        n.put("endMs", e.getEndTimeMs().toEpochMilli());
        n.put("speech", speech);
        n.put("emotion", speech ? e.getEmotion() : null);
        n.put("confidence", speech ? e.getConfidence() : 0.0);
        probabilities(n, speech ? e.getProbabilities() : null);
        n.put("watchedMax", speech ? watchedMax(e.getProbabilities()) : 0.0);
        return n;
    }

    /** A live alert change. */
    ObjectNode alert(EmotionAlert a) {
        return AlertJson.of(json, a);
    }

    /** A dead letter, without its payload (the page shows that something was rejected, and why). */
    ObjectNode deadLetter(DeadLetter d) {
        ObjectNode n = json.createObjectNode();
        n.put("kind", d.getErrorKind());
        n.put("topic", d.getTopic());
        n.put("message", d.getErrorMessage());
        return n;
    }

    private void probabilities(ObjectNode into, Map<String, Double> p) {
        ObjectNode probs = into.putObject("probabilities");
        if (p != null) {
            for (String label : Emotion.labels()) {
                probs.put(label, p.getOrDefault(label, 0.0));
            }
        }
    }

    private double watchedMax(Map<String, Double> p) {
        double m = 0;
        for (String w : watched) {
            m = Math.max(m, p.getOrDefault(w, 0.0));
        }
        return m;
    }
}

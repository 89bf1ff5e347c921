package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.EmotionAlert;

/**
 * The one JSON form of an {@link EmotionAlert}, shared by the dashboard's live feed and
 * {@code demo --json}: its fields by their schema names, times as epoch milliseconds. Stateless.
 */
public final class AlertJson {

    private AlertJson() {
    }

    /** The alert as a JSON object built with {@code json}. */
    public static ObjectNode of(ObjectMapper json, EmotionAlert a) {
        ObjectNode n = json.createObjectNode();
        n.put("alertId", a.getAlertId());
        n.put("callId", a.getCallId());
        n.put("channel", a.getChannel());
        n.put("state", a.getState().name());
        n.put("rule", a.getRule());
        n.put("emotion", a.getEmotion());
        n.put("score", a.getScore());
        n.put("sinceMs", a.getSinceMs().toEpochMilli());
        n.put("timeMs", a.getTimeMs().toEpochMilli());
        n.put("acknowledgedBy", a.getAcknowledgedBy());
        ArrayNode ids = n.putArray("utteranceIds");
        a.getUtteranceIds().forEach(ids::add);
        return n;
    }
}

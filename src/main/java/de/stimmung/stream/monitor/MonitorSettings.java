package de.stimmung.stream.monitor;

import java.time.Duration;

/**
 * Settings of the call monitor (alerts and the dashboard's call view), defaults in one place.
 *
 * @param alertsTopic    output: EmotionAlert records keyed by call id
 * @param acksTopic      input: AlertAck records keyed by call id (written by the dashboard)
 * @param rule           the escalation rule
 * @param timelineLimit  the call view keeps this many latest utterances per call (at least 1)
 * @param endedAfter     a call without an utterance for this long (wall clock) counts as ended
 * @param retention      an ended call stays visible (history) this long, then it is forgotten
 * @param punctuateEvery how often the wall-clock punctuator looks for ended and expired calls
 */
public record MonitorSettings(String alertsTopic, String acksTopic, AlertRuleSettings rule, int timelineLimit,
        Duration endedAfter, Duration retention, Duration punctuateEvery) {

    public static final String DEFAULT_ALERTS_TOPIC = "emotion-alerts";
    public static final String DEFAULT_ACKS_TOPIC = "emotion-alert-acks";

    public MonitorSettings {
        if (timelineLimit < 1) {
            throw new IllegalArgumentException("timeline limit " + timelineLimit + " must be at least 1");
        }
        if (endedAfter.isNegative() || endedAfter.isZero() || retention.isNegative() || punctuateEvery.isZero()) {
            throw new IllegalArgumentException("call end time, history retention and punctuation interval must be"
                    + " positive (got " + endedAfter + ", " + retention + ", " + punctuateEvery + ")");
        }
    }

    /** Topics emotion-alerts / emotion-alert-acks, the default rule, 500 utterances, ended after 30 s, history 1 h. */
    public static MonitorSettings defaults() {
        return new MonitorSettings(DEFAULT_ALERTS_TOPIC, DEFAULT_ACKS_TOPIC, AlertRuleSettings.defaults(), 500,
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(1));
    }

    public MonitorSettings withRule(AlertRuleSettings r) {
        return new MonitorSettings(alertsTopic, acksTopic, r, timelineLimit, endedAfter, retention, punctuateEvery);
    }

    public MonitorSettings withCallLifetime(Duration ended, Duration history) {
        return new MonitorSettings(alertsTopic, acksTopic, rule, timelineLimit, ended, history, punctuateEvery);
    }

    public MonitorSettings withTopics(String alerts, String acks) {
        return new MonitorSettings(alerts, acks, rule, timelineLimit, endedAfter, retention, punctuateEvery);
    }
}

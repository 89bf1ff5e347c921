package de.stimmung.stream.monitor;

import de.stimmung.avro.AlertAck;
import de.stimmung.avro.AlertState;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import de.stimmung.avro.state.ChannelView;
import de.stimmung.avro.state.OpenAlert;
import de.stimmung.avro.state.TimelinePoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The call monitor's state machine, free of Kafka: folds emotion events and acknowledgements
 * into a call's {@link CallView} and says which alert changes they cause. Per call: the watched
 * channel's window feeds {@link SustainedEmotionRule}; an alert is raised once per episode, may be
 * acknowledged once, and is cleared by the rule's calm streak; only then can a new episode start.
 * An event without speech (no emotion, no probabilities) is shown as such and ignored by the rule.
 * Not thread-safe; one instance per stream task.
 */
public final class CallViewUpdater {

    private final MonitorSettings settings;
    private final SustainedEmotionRule rule;

    public CallViewUpdater(MonitorSettings settings) {
        this.settings = settings;
        this.rule = new SustainedEmotionRule(settings.rule());
    }

    /** A call's view after an event, and the alert change the event caused, if any. */
    public record Update(CallView view, Optional<EmotionAlert> alert) {
    }

    /**
     * Folds one event into the call's view (a new view if {@code given} is null; otherwise
     * {@code given} is changed in place).
     */
    public Update onEvent(CallView given, EmotionEvent event, long wallNowMs) {
        CallView view = given != null ? given : newView(event);
        view.setStartMs(Math.min(view.getStartMs(), event.getStartTimeMs().toEpochMilli()));
        view.setLastActivityMs(Math.max(view.getLastActivityMs(), event.getEndTimeMs().toEpochMilli()));
        view.setLastSeenWallMs(wallNowMs);
        view.setEnded(false);
        view.setEndedWallMs(0L);
        boolean speech = hasSpeech(event);
        ChannelView channel = channel(view, event.getChannel());
        TimelinePoint point = TimelinePoint.newBuilder().setUtteranceId(event.getUtteranceId())
                .setChannel(event.getChannel()).setStartMs(event.getStartTimeMs().toEpochMilli()).setEndMs(event.getEndTimeMs().toEpochMilli())
                .setEmotion(speech ? event.getEmotion() : null)
                .setProbabilities(speech ? new HashMap<>(event.getProbabilities()) : new HashMap<>()).build();
        appendBounded(view.getTimeline(), point, settings.timelineLimit());
        if (!speech) {
            channel.setNoSpeech(channel.getNoSpeech() + 1);
            return new Update(view, Optional.empty());
        }
        channel.setUtterances(channel.getUtterances() + 1);
        channel.setLatestEmotion(event.getEmotion());
        channel.setLatestConfidence(event.getConfidence());
        channel.setLatestProbabilities(new HashMap<>(event.getProbabilities()));
        return new Update(view, watches(view, event.getChannel()) ? judge(view, point) : Optional.empty());
    }

    /**
     * Applies an acknowledgement: the open alert (if it is the one named) becomes acknowledged,
     * once. Acknowledging no alert, another episode or an acknowledged one changes nothing.
     */
    public Optional<EmotionAlert> onAck(CallView view, AlertAck ack) {
        if (view == null || view.getOpenAlert() == null) {
            return Optional.empty();
        }
        OpenAlert open = view.getOpenAlert();
        if (open.getAcknowledgedBy() != null || (ack.getAlertId() != null && !ack.getAlertId().equals(open.getAlertId()))) {
            return Optional.empty();
        }
        open.setAcknowledgedBy(ack.getBy());
        return Optional.of(alert(view, open, AlertState.ACKNOWLEDGED, open.getScore(), ack.getTimeMs().toEpochMilli(),
                open.getUtteranceIds()));
    }

    /** What the wall clock does to a call: nothing, mark it ended, or forget it (history retention over). */
    public enum Aging { UNCHANGED, ENDED, EXPIRED }

    /** Ages a view in place; {@code notBeforeMs} is when the task started (the service's own downtime is not call silence). */
    public Aging age(CallView view, long wallNowMs, long notBeforeMs) {
        if (!view.getEnded()) {
            long silentSince = Math.max(view.getLastSeenWallMs(), notBeforeMs);
            if (wallNowMs - silentSince < settings.endedAfter().toMillis()) {
                return Aging.UNCHANGED;
            }
            view.setEnded(true);
            view.setEndedWallMs(wallNowMs);
            return Aging.ENDED;
        }
        return wallNowMs - Math.max(view.getEndedWallMs(), notBeforeMs) >= settings.retention().toMillis()
                ? Aging.EXPIRED : Aging.UNCHANGED;
    }

    /**
     * Whether an event carries speech. The EmotionEvent schema may gain a boolean {@code speech}
     * (BACKWARD, default true); such events, and any without an emotion or probabilities, carry none.
     */
    public static boolean hasSpeech(EmotionEvent event) {
        if (event.getSchema().getField("speech") != null && Boolean.FALSE.equals(event.get("speech"))) {
            return false;
        }
        return event.getEmotion() != null && event.getProbabilities() != null && !event.getProbabilities().isEmpty();
    }

    /** The customer's channel counts; so does a call's only channel while no customer channel has spoken. */
    private boolean watches(CallView view, int channel) {
        int customer = settings.rule().customerChannel();
        Integer watched = view.getRuleChannel();
        if (channel == customer) {
            if (watched == null || watched != customer) {
                view.setRuleChannel(customer);
                view.getWindow().clear();
                view.getCalmIds().clear();
            }
            return true;
        }
        if (watched == null || (watched == channel && view.getChannels().size() == 1)) {
            view.setRuleChannel(channel);
            return true;
        }
        return false;
    }

    private Optional<EmotionAlert> judge(CallView view, TimelinePoint point) {
        appendBounded(view.getWindow(), point, settings.rule().window());
        List<Map<String, Double>> window = view.getWindow().stream().map(TimelinePoint::getProbabilities).toList();
        SustainedEmotionRule.Score score = rule.score(window);
        view.setRiskScore(score.mean());
        OpenAlert open = view.getOpenAlert();
        if (open == null) {
            if (!rule.raises(window)) {
                return Optional.empty();
            }
            view.setEpisodes(view.getEpisodes() + 1);
            view.getCalmIds().clear();
            List<String> ids = view.getWindow().stream().map(TimelinePoint::getUtteranceId).toList();
            open = OpenAlert.newBuilder().setAlertId(view.getCallId() + "/" + view.getEpisodes())
                    .setChannel(point.getChannel()).setEmotion(score.emotion()).setScore(score.mean())
                    .setSinceMs(view.getWindow().get(0).getStartMs()).setRaisedMs(point.getEndMs())
                    .setUtteranceIds(new ArrayList<>(ids)).setAcknowledgedBy(null).build();
            view.setOpenAlert(open);
            return Optional.of(alert(view, open, AlertState.RAISED, score.mean(), point.getEndMs(), ids));
        }
        if (rule.isCalm(point.getProbabilities())) {
            view.getCalmIds().add(point.getUtteranceId());
        } else {
            view.getCalmIds().clear();
        }
        if (!rule.clears(view.getCalmIds().size())) {
            return Optional.empty();
        }
        List<String> calm = List.copyOf(view.getCalmIds());
        view.getCalmIds().clear();
        view.setOpenAlert(null);
        return Optional.of(alert(view, open, AlertState.CLEARED, score.mean(), point.getEndMs(), calm));
    }

    private EmotionAlert alert(CallView view, OpenAlert open, AlertState state, double score, long timeMs,
            List<String> utteranceIds) {
        return EmotionAlert.newBuilder().setAlertId(open.getAlertId()).setCallId(view.getCallId())
                .setChannel(open.getChannel()).setState(state).setRule(settings.rule().describe())
                .setEmotion(open.getEmotion()).setScore(score).setSinceMs(java.time.Instant.ofEpochMilli(open.getSinceMs())).setTimeMs(java.time.Instant.ofEpochMilli(timeMs))
                .setUtteranceIds(new ArrayList<>(utteranceIds)).setAcknowledgedBy(open.getAcknowledgedBy()).build();
    }

    private static CallView newView(EmotionEvent event) {
        return CallView.newBuilder().setCallId(event.getCallId()).setStartMs(event.getStartTimeMs().toEpochMilli())
                .setLastActivityMs(event.getEndTimeMs().toEpochMilli()).setLastSeenWallMs(0L).setChannels(new ArrayList<>())
                .setTimeline(new ArrayList<>()).setWindow(new ArrayList<>()).setCalmIds(new ArrayList<>())
                .setRuleChannel(null).setOpenAlert(null).build();
    }

    private static ChannelView channel(CallView view, int channel) {
        for (ChannelView c : view.getChannels()) {
            if (c.getChannel() == channel) {
                return c;
            }
        }
        ChannelView c = ChannelView.newBuilder().setChannel(channel).setUtterances(0).setNoSpeech(0)
                .setLatestEmotion(null).setLatestConfidence(0.0).setLatestProbabilities(new HashMap<>()).build();
        view.getChannels().add(c);
        view.getChannels().sort(Comparator.comparingInt(ChannelView::getChannel));
        return c;
    }

    private static <T> void appendBounded(List<T> list, T item, int limit) {
        list.add(item);
        while (list.size() > limit) {
            list.remove(0);
        }
    }
}

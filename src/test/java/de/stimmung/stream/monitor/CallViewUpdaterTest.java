package de.stimmung.stream.monitor;

import static de.stimmung.stream.monitor.Utterances.angry;
import static de.stimmung.stream.monitor.Utterances.calm;
import static de.stimmung.stream.monitor.Utterances.noSpeech;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AlertAck;
import de.stimmung.avro.AlertState;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallViewUpdaterTest {

    final MonitorSettings settings = MonitorSettings.defaults().withCallLifetime(Duration.ofSeconds(30), Duration.ofMinutes(5));
    final CallViewUpdater updater = new CallViewUpdater(settings);
    CallView view;
    final List<EmotionAlert> alerts = new ArrayList<>();

    void feed(EmotionEvent... events) {
        for (EmotionEvent e : events) {
            CallViewUpdater.Update u = updater.onEvent(view, e, 1000);
            view = u.view();
            u.alert().ifPresent(alerts::add);
        }
    }

    Optional<EmotionAlert> ack(String alertId) {
        Optional<EmotionAlert> a = updater.onAck(view, new AlertAck("c", alertId, "anna", Instant.ofEpochMilli(5)));
        a.ifPresent(alerts::add);
        return a;
    }

    @Test
    void angryThenCalmRaisesOnceAndClearsOnce() {
        feed(angry("c", 0, 0), angry("c", 0, 1));
        assertTrue(alerts.isEmpty(), "two utterances are not a full window");
        feed(angry("c", 0, 2), angry("c", 0, 3), angry("c", 0, 4));
        assertEquals(1, alerts.size(), "an episode is raised once, however long it lasts: " + alerts);
        EmotionAlert raised = alerts.get(0);
        assertEquals(AlertState.RAISED, raised.getState());
        assertEquals("c/1", raised.getAlertId());
        assertEquals("anger", raised.getEmotion());
        assertEquals(List.of("c/0/0", "c/0/1", "c/0/2"), raised.getUtteranceIds());
        assertEquals(Utterances.T0, raised.getSinceMs().toEpochMilli());
        assertEquals(0.8, raised.getScore(), 1e-9);
        feed(calm("c", 0, 5), calm("c", 0, 6));
        assertEquals(1, alerts.size(), "two calm utterances do not clear");
        feed(calm("c", 0, 7));
        assertEquals(2, alerts.size());
        EmotionAlert cleared = alerts.get(1);
        assertEquals(AlertState.CLEARED, cleared.getState());
        assertEquals("c/1", cleared.getAlertId());
        assertEquals(List.of("c/0/5", "c/0/6", "c/0/7"), cleared.getUtteranceIds());
        assertNull(view.getOpenAlert());
    }

    @Test
    void anAngryUtteranceInTheCalmStreakRestartsIt() {
        feed(angry("c", 0, 0), angry("c", 0, 1), angry("c", 0, 2), calm("c", 0, 3), calm("c", 0, 4), angry("c", 0, 5),
                calm("c", 0, 6), calm("c", 0, 7));
        assertEquals(1, alerts.size());
        feed(calm("c", 0, 8));
        assertEquals(AlertState.CLEARED, alerts.get(1).getState());
    }

    @Test
    void aSecondEpisodeGetsTheNextId() {
        feed(angry("c", 0, 0), angry("c", 0, 1), angry("c", 0, 2), calm("c", 0, 3), calm("c", 0, 4), calm("c", 0, 5),
                angry("c", 0, 6), angry("c", 0, 7), angry("c", 0, 8));
        assertEquals(List.of("c/1", "c/1", "c/2"), alerts.stream().map(EmotionAlert::getAlertId).toList());
        assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED, AlertState.RAISED),
                alerts.stream().map(EmotionAlert::getState).toList());
    }

    @Test
    void theAgentsAngerDoesNotRaiseOnceTheCustomerSpeaks() {
        feed(calm("c", 0, 0), angry("c", 1, 0), angry("c", 1, 1), angry("c", 1, 2), angry("c", 1, 3));
        assertTrue(alerts.isEmpty(), "" + alerts);
        assertEquals(2, view.getChannels().size());
        assertEquals("anger", view.getChannels().get(1).getLatestEmotion());
    }

    @Test
    void aMonoCallsOnlyChannelCountsAsTheCustomer() {
        feed(angry("m", 1, 0), angry("m", 1, 1), angry("m", 1, 2));
        assertEquals(1, alerts.size());
        assertEquals(1, alerts.get(0).getChannel());
    }

    @Test
    void noSpeechIsShownButNeitherCalmNorAngry() {
        feed(angry("c", 0, 0), angry("c", 0, 1), noSpeech("c", 0, 2), noSpeech("c", 0, 3));
        assertTrue(alerts.isEmpty(), "no speech does not fill the window");
        feed(angry("c", 0, 4));
        assertEquals(1, alerts.size());
        feed(noSpeech("c", 0, 5), noSpeech("c", 0, 6), noSpeech("c", 0, 7));
        assertEquals(1, alerts.size(), "no speech does not clear either");
        assertEquals(3, view.getChannels().get(0).getUtterances());
        assertEquals(5, view.getChannels().get(0).getNoSpeech());
        assertNull(view.getTimeline().get(view.getTimeline().size() - 1).getEmotion());
        assertEquals("anger", view.getChannels().get(0).getLatestEmotion(), "the latest emotion is the latest with speech");
    }

    @Test
    void anEventWithoutAnEmotionIsNoSpeechAndDoesNotCrash() {
        EmotionEvent e = angry("c", 0, 0);
        e.setEmotion(null); // what the evolved schema allows for speech=false
        e.setProbabilities(null);
        feed(e);
        assertEquals(1, view.getChannels().get(0).getNoSpeech());
        assertFalse(CallViewUpdater.hasSpeech(e));
    }

    @Test
    void acknowledgingWorksOnceAndOnlyForTheOpenEpisode() {
        assertTrue(ack(null).isEmpty(), "nothing open to acknowledge");
        feed(angry("c", 0, 0), angry("c", 0, 1), angry("c", 0, 2));
        assertTrue(ack("c/7").isEmpty(), "another episode");
        EmotionAlert acked = ack("c/1").orElseThrow();
        assertEquals(AlertState.ACKNOWLEDGED, acked.getState());
        assertEquals("anna", acked.getAcknowledgedBy());
        assertTrue(ack(null).isEmpty(), "acknowledged twice changes nothing");
        feed(calm("c", 0, 3), calm("c", 0, 4), calm("c", 0, 5));
        assertEquals(AlertState.CLEARED, alerts.get(alerts.size() - 1).getState());
        assertEquals("anna", alerts.get(alerts.size() - 1).getAcknowledgedBy());
    }

    @Test
    void theTimelineKeepsTheLatestUtterancesUpToItsLimit() {
        CallViewUpdater small = new CallViewUpdater(new MonitorSettings("a", "b", AlertRuleSettings.defaults(), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        CallView v = null;
        for (int i = 0; i < 10; i++) {
            v = small.onEvent(v, calm("c", 0, i), 0).view();
        }
        assertEquals(List.of("c/0/6", "c/0/7", "c/0/8", "c/0/9"), v.getTimeline().stream().map(p -> p.getUtteranceId()).toList());
        assertEquals(10, v.getChannels().get(0).getUtterances());
    }

    @Test
    void aSilentCallEndsThenExpiresAndTheServicesOwnDowntimeDoesNotCount() {
        feed(calm("c", 0, 0)); // seen at wall time 1000
        assertEquals(CallViewUpdater.Aging.UNCHANGED, updater.age(view, 30_999, 0));
        assertEquals(CallViewUpdater.Aging.UNCHANGED, updater.age(view, 40_000, 20_000), "the task started at 20 s");
        assertEquals(CallViewUpdater.Aging.ENDED, updater.age(view, 31_000, 0));
        assertTrue(view.getEnded());
        assertEquals(CallViewUpdater.Aging.UNCHANGED, updater.age(view, 31_000 + 299_999, 0));
        assertEquals(CallViewUpdater.Aging.EXPIRED, updater.age(view, 31_000 + 300_000, 0));
        feed(calm("c", 0, 1));
        assertFalse(view.getEnded(), "a call that speaks again is active again");
    }
}

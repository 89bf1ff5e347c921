package de.stimmung.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.stimmung.model.Emotion;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP API on a real broker and schema registry with two service instances
 * sharing the work: snapshot, timelines, alerts by the default rule, acknowledgement, SSE with
 * heartbeats and resume, /metrics, /health.
 */
class DashboardApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static DashboardCluster cluster;
    static DashboardCluster.Instance a;
    static DashboardCluster.Instance b;

    @BeforeAll
    static void start() throws Exception {
        cluster = new DashboardCluster(de.stimmung.stream.monitor.MonitorSettings.defaults());
        a = cluster.startInstance();
        b = cluster.startInstance();
        cluster.awaitAllRunning();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void bothInstancesAnswerTheSameSnapshotAndEachCallsTimelineMatchesItsEvents() throws Exception {
        long t0 = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < 8; c++) { // 8 calls: spread over the 3 partitions, so both instances own some
            String callId = id("snap" + c);
            ids.add(callId);
            for (int n = 0; n < 3; n++) {
                cluster.send(DashboardCluster.event(callId, n % 2, n, t0, n == 1 ? Emotion.HAPPINESS : Emotion.NEUTRAL, 0.7));
            }
        }
        for (DashboardCluster.Instance i : List.of(a, b)) {
            JsonNode snap = cluster.await(i.url("/api/calls"), s -> ids.stream().allMatch(id -> {
                JsonNode c = DashboardCluster.call(s, id);
                return c != null && c.get("channels").size() == 2;
            }), WAIT, "all 8 calls");
            assertEquals(2, snap.get("instances").size(), "both instances answer: " + snap.get("instances"));
        }
        Set<String> localA = callIds(cluster.getJson(a.url("/api/calls?scope=local")));
        Set<String> localB = callIds(cluster.getJson(b.url("/api/calls?scope=local")));
        assertTrue(localA.stream().noneMatch(localB::contains), "a call lives on one instance only");
        assertTrue(!localA.isEmpty() && !localB.isEmpty(), "both instances own calls: " + localA + " / " + localB);
        for (String callId : ids) {
            String path = "/api/calls/" + callId;
            JsonNode fromA = cluster.getJson(a.url(path));
            JsonNode fromB = cluster.getJson(b.url(path));
            assertEquals(fromA.get("timeline"), fromB.get("timeline"), "either instance routes to the owner");
            List<String> utterances = new ArrayList<>();
            fromA.get("timeline").forEach(p -> utterances.add(p.get("utteranceId").asText()));
            assertEquals(List.of(callId + "/0/0", callId + "/1/1", callId + "/0/2"), utterances);
            JsonNode second = fromA.get("timeline").get(1);
            assertEquals("happiness", second.get("emotion").asText());
            assertEquals(0.7, second.get("probabilities").get("happiness").asDouble(), 1e-9);
            assertEquals(7, second.get("probabilities").size());
        }
        assertEquals(404, cluster.get(a.url("/api/calls/no-such-call")).statusCode());
    }

    @Test
    void angryThenCalmCallRaisesAnAlertThatIsAcknowledgedAndCleared() throws Exception {
        String callId = id("hot");
        long t0 = System.currentTimeMillis();
        try (SseReader sse = new SseReader(cluster.http, b.url("/api/stream"), null)) {
            sse.await(e -> e.event().equals("comment") && e.data().startsWith("connected"), WAIT, "connected");
            for (int n = 0; n < 3; n++) {
                cluster.send(DashboardCluster.event(callId, 0, n, t0, Emotion.ANGER, 0.75));
            }
            JsonNode raised = cluster.await(a.url("/api/calls"), s -> {
                JsonNode c = DashboardCluster.call(s, callId);
                return c != null && !c.get("alert").isNull();
            }, WAIT, "the alert on " + callId);
            JsonNode call = DashboardCluster.call(raised, callId);
            assertTrue(call.get("attention").asBoolean());
            assertEquals("anger", call.get("alert").get("emotion").asText());
            assertEquals(0.75, call.get("alert").get("score").asDouble(), 1e-9);
            String alertId = call.get("alert").get("alertId").asText();
            assertEquals(callId + "/1", alertId);
            sse.await(e -> e.event().equals("alert") && e.data().contains("\"RAISED\"") && e.data().contains(callId), WAIT,
                    "RAISED");

            HttpResponse<String> ack = cluster.post(a.url("/api/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8)
                    + "/ack"), "{\"by\":\"Frau Weber\"}");
            assertEquals(202, ack.statusCode(), ack.body());
            cluster.await(b.url("/api/calls/" + callId), c -> c.get("alert").path("acknowledged").asBoolean(), WAIT,
                    "acknowledged");
            SseReader.Event acked = sse.await(e -> e.event().equals("alert") && e.data().contains("\"ACKNOWLEDGED\"")
                    && e.data().contains(callId), WAIT, "ACKNOWLEDGED");
            assertTrue(acked.data().contains("Frau Weber"), acked.data());
            assertEquals(400, cluster.post(a.url("/api/alerts/no-slash/ack"), "").statusCode());

            for (int n = 3; n < 6; n++) {
                cluster.send(DashboardCluster.event(callId, 0, n, t0, Emotion.NEUTRAL, 0.7));
            }
            cluster.await(a.url("/api/calls/" + callId), c -> c.get("alert").isNull() && c.get("timeline").size() == 6, WAIT,
                    "cleared");
            sse.await(e -> e.event().equals("alert") && e.data().contains("\"CLEARED\"") && e.data().contains(callId), WAIT,
                    "CLEARED");
            long alertsForCall = sse.events.stream().filter(e -> e.event().equals("alert") && e.data().contains(callId)).count();
            assertEquals(3, alertsForCall, "raised, acknowledged, cleared: once each");
            assertTrue(sse.events.stream().filter(e -> e.event().equals("utterance") && e.data().contains(callId)).count() >= 6);
        }
    }

    @Test
    void anAudioCallGoesThroughTheWholePipelineIntoTheSnapshot() throws Exception {
        String callId = id("audio");
        cluster.sendAudioCall(callId, 140, 1.5);
        JsonNode snap = cluster.await(a.url("/api/calls"), s -> DashboardCluster.call(s, callId) != null, WAIT, callId);
        JsonNode call = DashboardCluster.call(snap, callId);
        assertEquals(1, call.get("channels").get(0).get("utterances").asInt());
        assertTrue(Emotion.labels().contains(call.get("emotion").asText()), call.toString());
    }

    @Test
    void theEventStreamSendsHeartbeatsAndResumesAfterTheLastEventId() throws Exception {
        String callId = id("resume");
        long t0 = System.currentTimeMillis();
        String lastId;
        try (SseReader first = new SseReader(cluster.http, a.url("/api/stream"), null)) {
            assertEquals(200, first.status);
            first.await(e -> e.event().equals("comment") && e.data().equals("heartbeat"), Duration.ofSeconds(10), "heartbeat");
            cluster.send(DashboardCluster.event(callId, 0, 0, t0, Emotion.NEUTRAL, 0.6));
            lastId = first.await(e -> e.event().equals("utterance") && e.data().contains(callId + "/0/0"), WAIT, "first").id();
        }
        cluster.send(DashboardCluster.event(callId, 0, 1, t0, Emotion.NEUTRAL, 0.6));
        cluster.send(DashboardCluster.event(callId, 0, 2, t0, Emotion.NEUTRAL, 0.6));
        // wait until this instance's feed has both (a probe connection sees them live)
        cluster.await(a.url("/api/calls/" + callId), c -> c.get("timeline").size() == 3, WAIT, "3 utterances");
        try (SseReader resumed = new SseReader(cluster.http, a.url("/api/stream"), lastId)) {
            resumed.await(e -> e.event().equals("utterance") && e.data().contains(callId + "/0/2"), WAIT, "missed ones");
            List<String> seen = resumed.events.stream().filter(e -> e.event().equals("utterance") && e.data().contains(callId))
                    .map(SseReader.Event::data).toList();
            assertTrue(seen.get(0).contains(callId + "/0/1"), "resumes right after the last id: " + seen);
            assertTrue(seen.stream().noneMatch(d -> d.contains(callId + "/0/0\"")), "nothing before it again");
        }
        try (SseReader stale = new SseReader(cluster.http, a.url("/api/stream"), "another-run-5")) {
            stale.await(e -> e.event().equals("reset"), WAIT, "reset for an id of another run");
        }
    }

    @Test
    void metricsAndHealthAnswer() throws Exception {
        String callId = id("metrics");
        cluster.send(DashboardCluster.event(callId, 0, 0, System.currentTimeMillis(), Emotion.SADNESS, 0.6));
        cluster.await(a.url("/api/calls/" + callId), c -> true, WAIT, callId);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline && !metrics.contains("stimmung_utterances_total{emotion=\"sadness\"}")) {
            metrics = cluster.get(a.url("/metrics")).body();
            Thread.sleep(100);
        }
        assertTrue(metrics.contains("stimmung_utterances_total{emotion=\"sadness\"}"), metrics);
        assertTrue(metrics.contains("stimmung_event_latency_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("kafka_stream"), "Kafka Streams' metrics");
        assertTrue(metrics.contains("stimmung_sse_clients"), "SSE clients gauge");
        HttpResponse<String> health = cluster.get(a.url("/health"));
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"UP\""), health.body());
        assertEquals(405, cluster.post(a.url("/api/calls"), "").statusCode());
        HttpResponse<String> page = cluster.get(a.url("/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(404, cluster.get(a.url("/static/../app.js")).statusCode());
    }

    private static Set<String> callIds(JsonNode snapshot) {
        Set<String> s = new TreeSet<>();
        snapshot.get("calls").forEach(c -> s.add(c.get("callId").asText()));
        assertNotNull(s);
        return s;
    }
}

package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code stimmung loadtest} end to end, with a few calls for a few seconds: the output's
 * structure and that events came back, never its timings.
 */
class LoadTestCommandTest {

    /** The key=value pairs of a machine-readable line. */
    static Map<String, String> keyValues(String line) {
        Map<String, String> m = new HashMap<>();
        for (String pair : line.trim().split(" ")) {
            int eq = pair.indexOf('=');
            assertTrue(eq > 0, "not key=value: '" + pair + "' in " + line);
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void telephoneCallsAgainstTheEmbeddedDefaultReportLatencyEventsAndTheCpuSplit() {
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("loadtest", "--calls", "4", "--seconds", "8",
                "--warmup-seconds", "4", "--jvm-warmup-seconds", "0", "--telephony");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("[warm-up")), "progress during the warm-up: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("[measuring")), "progress while measuring: " + r.out());
        assertTrue(r.out().contains("latency utterance end -> event: p50 "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  cpu in cores \\(of \\d+\\): service [\\d.]+, broker [\\d.]+,"
                + " registry [\\d.]+, load generator .*")), r.out());
        Map<String, String> kv = keyValues(lastLine(r.out()));
        assertEquals("4", kv.get("calls"));
        assertEquals("8000", kv.get("rate_hz"));
        assertEquals("MULAW", kv.get("encoding"));
        assertEquals("spread", kv.get("phases"), "independent calls by default");
        assertEquals("at_least_once", kv.get("guarantee"));
        assertTrue(Long.parseLong(kv.get("events")) > 0, "events came back: " + kv);
        assertTrue(Double.parseDouble(kv.get("p99_ms")) > 0, kv.toString());
        assertTrue(kv.get("kept_up").matches("true|false"), kv.toString());
        assertTrue(Double.parseDouble(kv.get("cpu_service")) > 0 && Double.parseDouble(kv.get("cpu_broker")) > 0,
                "the service and the broker ran in this JVM: " + kv);
    }

    @Test
    void findKneeRampsTheCallCountAndEndsWithTheKneeLine() {
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("loadtest", "--find-knee", "--calls", "2", "--max-calls",
                "4", "--seconds", "5", "--warmup-seconds", "3", "--jvm-warmup-seconds", "0", "--p99-target-ms", "60000",
                "--chunk-phases", "aligned");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("--- 2 calls"), r.out());
        List<String> runs = r.out().lines().filter(l -> l.startsWith("run calls=")).toList();
        assertTrue(!runs.isEmpty(), r.out());
        for (String run : runs) {
            Map<String, String> kv = keyValues(run.substring("run ".length()));
            assertEquals("16000", kv.get("rate_hz"));
            assertEquals("aligned", kv.get("phases"), run);
            assertTrue(kv.get("held").matches("true|false"), run);
        }
        String last = lastLine(r.out());
        assertTrue(last.startsWith("knee_calls="), last);
        Map<String, String> kv = keyValues(last);
        assertTrue(List.of("0", "2", "3", "4").contains(kv.get("knee_calls")), last);
        assertEquals("60000", kv.get("target_p99_ms"));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("knee: " + kv.get("knee_calls") + " calls held p99 <= 60000 ms")),
                r.out());
    }

    @Test
    void againstAClusterItOnlyProducesAndConsumesAndNeedsTheServiceThere() throws Exception {
        String registry = SharedRegistry.url();
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                EmotionScorer scorer = EmotionScorer.loadBundled(fx.version(), fx.dimension())) {
            FeaturesCommandTest.Run missing = FeaturesCommandTest.run("loadtest", "-b", broker.bootstrapServers(),
                    "--schema-registry-url", registry, "--calls", "2", "--seconds", "2");
            assertEquals(1, missing.exit(), missing.out());
            assertTrue(missing.err().contains("has no topic speech") && missing.err().contains("serve -b"), missing.err());
            StreamConfig config = StreamConfig.defaults().withOverrides(Map.of("state.dir",
                    Files.createTempDirectory("loadtest-state").toString())).withSchemaRegistry(registry);
            try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), fx, scorer)) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(120)));
                FeaturesCommandTest.Run r = FeaturesCommandTest.run("loadtest", "-b", broker.bootstrapServers(),
                        "--schema-registry-url", registry, "--calls", "3", "--seconds", "8", "--warmup-seconds", "4");
                assertEquals(0, r.exit(), r.out() + r.err());
                assertTrue(r.out().contains("load test against " + broker.bootstrapServers()), r.out());
                assertTrue(r.out().contains("(the service runs elsewhere)"), r.out());
                Map<String, String> kv = keyValues(lastLine(r.out()));
                assertEquals("3", kv.get("calls"));
                assertTrue(Long.parseLong(kv.get("events")) > 0, "the service's events came back: " + kv);
                assertTrue(Long.parseLong(kv.get("input_lag_chunks")) >= 0, "the service's group lag was read: " + kv);
            }
        }
    }
}

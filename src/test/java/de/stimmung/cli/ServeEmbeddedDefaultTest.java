package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.embedded.SharedRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with no cluster, as a user first runs it, in a JVM of its own: it starts the
 * embedded broker and schema registry, prints both addresses, and produce and consume work with
 * exactly what it printed; a clean start prints no warning; on SIGTERM it stops, removes its
 * ready file, takes the registry with it and leaves no data behind (its run folder under
 * STIMMUNG_HOME is deleted, and so is a stale one of an earlier run that was killed).
 */
class ServeEmbeddedDefaultTest {

    @Test
    void serveAloneStartsBrokerAndRegistryThatProduceAndConsumeUse(@TempDir Path dir) throws Exception {
        SharedRegistry.distribution();
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("serve.log");
        Path home = dir.resolve("home");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path killedEarlier = Files.createDirectories(home.resolve("run").resolve("999999999-1700000000000"));
        Files.writeString(killedEarlier.resolve("left-behind"), "by a serve ended with SIGKILL");
        // the class path goes in an argument file: ONNX Runtime 1.29 crashes in a process whose command
        // line is longer than about 4 KB
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        long started = System.nanoTime();
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dstimmung.home=" + home, "-Djava.io.tmpdir=" + tmp, "@" + argFile, "de.stimmung.cli.StimmungCommand",
                "serve", "--ready-file", ready.toString(), "--http-port", "0").redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(ready) && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(ready), "serve did not get ready:\n" + Files.readString(log));
            System.out.printf("serve (embedded broker and registry) to ready: %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            String output = Files.readString(log);
            String bootstrap = find(output, "Embedded Kafka broker at (\\S+)");
            String registry = find(output, "Embedded schema registry at (\\S+)");
            assertTrue(output.contains("Stimmung is serving on " + bootstrap + " with schema registry " + registry), output);
            assertEquals(List.of(), output.lines().filter(l -> l.contains(" WARN ") || l.contains("[WARN]")).toList(),
                    "a clean start prints no warning:\n" + output);
            assertFalse(Files.exists(killedEarlier), "the data of a killed earlier run is cleared at start");
            List<Path> runs;
            try (var s = Files.list(home.resolve("run"))) {
                runs = s.toList();
            }
            assertEquals(1, runs.size(), runs.toString());
            assertTrue(runs.get(0).getFileName().toString().startsWith(serve.pid() + "-"), runs.toString());
            assertTrue(output.contains("(data in " + runs.get(0).resolve("kafka")), output);
            String dashboard = find(output, "(?m)^dashboard: (http://127\\.0\\.0\\.1:\\d+/)$");
            assertTrue(get(dashboard + "health").contains("\"UP\""), "the dashboard's health says the stream runs");

            WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(160, 1.0, 16000), 16000), dir.resolve("anruf.wav"));
            FeaturesCommandTest.Run produced = FeaturesCommandTest.run("produce", "-b", bootstrap,
                    "--schema-registry-url", registry, dir.resolve("anruf.wav").toString());
            assertEquals(0, produced.exit(), produced.err());
            FeaturesCommandTest.Run consumed = FeaturesCommandTest.run("consume", "-b", bootstrap,
                    "--schema-registry-url", registry, "--from-beginning", "--max", "1", "--timeout", "60");
            assertEquals(0, consumed.exit(), consumed.err());
            assertTrue(consumed.out().contains("\"callId\":\"anruf\""), consumed.out());
            assertEquals(List.of("emotion-alert-acks-value", "emotion-alerts-value", "emotion-events-value",
                    "speech-dlq-value", "speech-value"),
                    List.of(get(registry + "/subjects").replaceAll("[\\[\\]\"]", "").split(",")).stream().sorted().toList());

            serve.destroy(); // SIGTERM, as docker stop or Ctrl-C
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops on SIGTERM");
            assertFalse(Files.exists(ready), "the ready file goes with the service");
            try (var s = Files.list(home.resolve("run")); var t = Files.list(tmp)) {
                assertEquals(List.of(), s.toList(), "the run's broker data and stream state are removed on SIGTERM");
                assertEquals(List.of(), t.filter(p -> p.getFileName().toString().startsWith("stimmung-")).toList(),
                        "nothing of serve's is left in the temp folder");
            }
            Thread.sleep(1000);
            assertThrows(IOException.class, () -> get(registry + "/subjects"), "the embedded registry stopped too");
        } finally {
            serve.destroyForcibly();
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        return m.group(1);
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }
}

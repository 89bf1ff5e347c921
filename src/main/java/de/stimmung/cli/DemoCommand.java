package de.stimmung.cli;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.dashboard.DashboardServer;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import de.stimmung.stream.monitor.MonitorSettings;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stimmung demo}: embedded broker and schema registry, the service, a producer replaying
 * recordings as calls, the dashboard (its address printed as {@code dashboard: http://HOST:PORT/}) and a console
 * consumer printing one readable line per event and alert ({@code --json}: the raw records), end to end in
 * one command; runs until Ctrl-C or {@code --duration}. Audio: {@code --audio DIR}, else the EmoDB
 * copy at ../shared/emodb if present, else the German clips shipped in the jar.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything end to end: embedded Kafka and schema registry, the service, a producer and a"
                + " console consumer.")
final class DemoCommand implements Callable<Integer> {

    /** The clips shipped in the jar (espeak-ng German speech, 8 kHz mu-law; see demo/make-clips.sh). */
    static final List<String> BUNDLED = List.of("01-laut-schnell", "02-ruhig", "03-langsam-tief", "04-froh",
            "05-monoton", "06-hastig");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--audio", description = "Folder of WAV files to replay. Default: ../shared/emodb if present, else the shipped clips.")
    Path audio;

    @Option(names = "--max-files", defaultValue = "8", description = "Replay at most this many files. Default: ${DEFAULT-VALUE}.")
    int maxFiles;

    @Option(names = "--fast", description = "Send as fast as possible instead of at speaking speed.")
    boolean fast;

    @Option(names = "--model", description = "ONNX model file. Default: the model shipped in the jar.")
    Path model;

    @CommandLine.Mixin
    RegistryOptions registryOptions;

    @CommandLine.Mixin
    DashboardOptions dashboardOptions;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Keep running this long after the calls are replayed (e.g. 90s, 5m; 0 = stop then). Default: until Ctrl-C.")
    String duration;

    @Option(names = "--json", description = "Print the raw event and alert records as JSON lines instead of readable lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, PcmAudio> recordings = recordings(out);
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        StreamConfig config = StreamConfig.defaults().withOverrides(Map.of("state.dir",
                Files.createTempDirectory("stimmung-demo-state").toString()));
        try (EmotionScorer scorer = ModelOption.load(model, fx);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            out.println("embedded Kafka broker at " + broker.bootstrapServers());
            out.flush();
            try (EmbeddedSchemaRegistry registry = registryOptions.start(broker.bootstrapServers())) {
                out.println("embedded schema registry at " + registry.url());
                out.flush();
                run(out, recordings, config.withSchemaRegistry(registry.url()), broker, fx, scorer);
            }
        }
        return 0;
    }

    private void run(PrintWriter out, Map<String, PcmAudio> recordings, StreamConfig config, EmbeddedKafkaBroker broker,
            FeatureExtractor fx, EmotionScorer scorer) throws Exception {
        Duration keepRunning = duration == null ? null : DemoLines.parseDuration(duration);
        MonitorSettings monitor = dashboardOptions.monitor();
        try (DashboardServer dashboard = dashboardOptions.bind()) {
            if (dashboard != null) {
                config = config.withOverrides(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, dashboard.hostPort()));
            }
            try (StimmungService service = StimmungService.start(config, monitor, broker.bootstrapServers(), fx, scorer)) {
                if (!service.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the service did not start within 60 s");
                }
                if (dashboard != null) {
                    dashboard.attach(service.streams(), broker.bootstrapServers(), config, monitor, dashboard.hostPort());
                    out.println("dashboard: " + dashboard.url());
                }
                out.println("service running; replaying " + recordings.size() + " calls" + (fast ? "" : " at speaking speed"));
                out.flush();
                replay(out, recordings, config, monitor, broker, keepRunning);
            }
        }
    }

    private void replay(PrintWriter out, Map<String, PcmAudio> recordings, StreamConfig config, MonitorSettings monitor,
            EmbeddedKafkaBroker broker, Duration keepRunning) throws Exception {
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown(); // Ctrl-C: stop printing, close everything, then let the JVM go
            try {
                finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stimmung-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(p, new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer());
                DemoLines lines = new DemoLines(broker.bootstrapServers(), config, monitor, json, out)) {
            int seen = 0;
            for (Map.Entry<String, PcmAudio> r : recordings.entrySet()) {
                AudioEncoding enc = r.getValue().sampleRateHz() == 8000 ? AudioEncoding.MULAW : AudioEncoding.PCM_S16LE;
                ProduceCommand.sendCall(producer, config.speechTopic(), r.getKey(), r.getValue(), true, enc, 100, !fast);
                seen += lines.print(Duration.ofMillis(100));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < recordings.size() && System.nanoTime() < deadline && interrupted.getCount() > 0) {
                seen += lines.print(Duration.ofMillis(200));
            }
            out.printf("%d of %d utterances classified%n", seen, recordings.size());
            out.println(keepRunning == null ? "running until Ctrl-C" : "running for " + keepRunning.toSeconds() + " s more");
            out.flush();
            long end = keepRunning == null ? Long.MAX_VALUE : System.nanoTime() + keepRunning.toNanos();
            while (System.nanoTime() < end && interrupted.getCount() > 0) {
                lines.print(Duration.ofMillis(200));
            }
        } finally {
            finished.countDown();
            if (interrupted.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private Map<String, PcmAudio> recordings(PrintWriter out) throws Exception {
        Map<String, PcmAudio> recs = new LinkedHashMap<>();
        Path folder = audio;
        if (folder == null && Files.isDirectory(Path.of("../shared/emodb/wav"))) {
            folder = Path.of("../shared/emodb/wav");
        }
        if (folder != null) {
            List<Path> files = AudioInputs.wavFiles(spec.commandLine(), List.of(folder));
            for (Path f : files.subList(0, Math.min(maxFiles, files.size()))) {
                recs.put(ProduceCommand.stem(f), WavFile.read(f));
            }
            out.println("audio: " + recs.size() + " files from " + folder);
            return recs;
        }
        for (String name : BUNDLED.subList(0, Math.min(maxFiles, BUNDLED.size()))) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name + ".wav")) {
                if (in == null) {
                    throw new IllegalStateException("the demo clip " + name + " is missing from the jar; rebuild it");
                }
                recs.put(name + "-" + UUID.randomUUID().toString().substring(0, 4), WavFile.read(in, name));
            }
        }
        out.println("audio: " + recs.size() + " German clips shipped with Stimmung (synthetic speech, 8 kHz mu-law)");
        return recs;
    }
}

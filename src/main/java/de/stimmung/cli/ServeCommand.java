package de.stimmung.cli;

import de.stimmung.dashboard.DashboardServer;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.stream.monitor.MonitorSettings;
import de.stimmung.stream.broker.BrokerSettings;
import de.stimmung.stream.broker.EmbeddedKafkaBroker;
import de.stimmung.stream.broker.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stimmung serve}: runs the streaming classifier. Without bootstrap servers it starts an
 * embedded one-node KRaft Apache Kafka broker on localhost first, and (unless a registry URL is
 * given) an embedded schema registry storing its schemas in that broker, and prints both
 * addresses. With a cluster, a schema registry URL is required.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the streaming classifier (speech -> emotion-events); embedded Kafka and schema registry "
                + "if no cluster is given.")
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    DashboardOptions dashboardOptions;

    @Option(names = "--model", description = "ONNX model file. Default: the model shipped in the jar.")
    Path model;

    @Option(names = "--processing-guarantee", defaultValue = "at_least_once",
            description = "at_least_once or exactly_once_v2. Default: ${DEFAULT-VALUE}.")
    String guarantee;

    @Option(names = "--application-id", defaultValue = "stimmung", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: Kafka Streams' own (java.io.tmpdir/kafka-streams).")
    Path stateDir;

    @Option(names = "--kafka-data-dir", description = "Data directory of the embedded broker (kept across restarts). Default: a temporary folder.")
    Path kafkaDataDir;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Port of the embedded broker (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Create this file once the stream is running and delete it when the service stops (for health checks).")
    Path readyFile;

    @Option(names = "--idle-timeout-ms", defaultValue = "2000", description = "Close an utterance after this much call silence (wall clock). Default: ${DEFAULT-VALUE}.")
    long idleTimeoutMs;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (kafka.hasCluster() && !kafka.hasRegistry()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no schema registry for the cluster at "
                    + kafka.bootstrapServers + ": pass --schema-registry-url or set SCHEMA_REGISTRY_URL (Stimmung's"
                    + " records use the Confluent wire format)");
        }
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (EmotionScorer scorer = ModelOption.load(model, fx)) {
            StreamConfig config = topics.apply(StreamConfig.defaults()).withProcessingGuarantee(guarantee)
                    .withIdleTimeout(Duration.ofMillis(idleTimeoutMs)).withApplicationId(applicationId)
                    .withOverrides(kafka.clientPropertiesWithRegistry());
            if (stateDir != null) {
                config = config.withOverrides(java.util.Map.of("state.dir", stateDir.toString()));
            }
            EmbeddedKafkaBroker broker = null;
            String bootstrap = kafka.bootstrapServers;
            CompletableFuture<EmbeddedSchemaRegistry> registryStart = null;
            if (!kafka.hasCluster()) {
                int port = kafkaPort == 0 ? EmbeddedKafkaBroker.freePort() : kafkaPort;
                if (!kafka.hasRegistry()) {
                    // the registry's JVM boots while the broker starts; it connects once the broker is up
                    String future = "127.0.0.1:" + port;
                    registryStart = CompletableFuture.supplyAsync(() -> registryOptions.start(future));
                }
                BrokerSettings settings = BrokerSettings.defaults().withPort(port);
                if (kafkaDataDir != null) {
                    settings = settings.withDataDirectory(kafkaDataDir);
                }
                try {
                    broker = EmbeddedKafkaBroker.start(settings);
                } catch (RuntimeException e) {
                    if (registryStart != null) {
                        registryStart.thenAccept(EmbeddedSchemaRegistry::close);
                    }
                    throw e;
                }
                bootstrap = broker.bootstrapServers();
                out.println("Embedded Kafka broker at " + bootstrap + " (data in " + broker.dataDirectory() + ")");
                out.flush();
            }
            EmbeddedSchemaRegistry registry = null;
            try (EmbeddedKafkaBroker ownedBroker = broker) {
                if (registryStart != null) { // no registry given: then there is no cluster either (checked above)
                    registry = awaitRegistry(registryStart);
                    config = config.withSchemaRegistry(registry.url());
                    out.println("Embedded schema registry at " + registry.url() + " (schemas stored in Kafka)");
                    out.flush();
                }
                try (EmbeddedSchemaRegistry ownedRegistry = registry) {
                    serve(out, config, bootstrap, fx, scorer, started);
                }
            }
        }
        return 0;
    }

    private void markReady() throws java.io.IOException {
        if (readyFile != null) {
            java.nio.file.Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
            Runtime.getRuntime().addShutdownHook(new Thread(this::unmarkReady, "stimmung-unready"));
        }
    }

    private void unmarkReady() {
        if (readyFile != null) {
            readyFile.toFile().delete();
        }
    }

    private static EmbeddedSchemaRegistry awaitRegistry(CompletableFuture<EmbeddedSchemaRegistry> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void serve(PrintWriter out, StreamConfig config, String bootstrap, FeatureExtractor fx, EmotionScorer scorer,
            long started) throws Exception {
        // dashboard: bound before the stream starts, so its address is this instance's application.server
        MonitorSettings monitor = dashboardOptions.monitor();
        try (DashboardServer dashboard = dashboardOptions.bind()) {
            if (dashboard != null) {
                config = config.withOverrides(java.util.Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, dashboard.hostPort()));
            }
            serve(out, config, monitor, dashboard, bootstrap, fx, scorer, started);
        }
    }

    private void serve(PrintWriter out, StreamConfig config, MonitorSettings monitor, DashboardServer dashboard,
            String bootstrap, FeatureExtractor fx, EmotionScorer scorer, long started) throws Exception {
        try (StimmungService service = StimmungService.start(config, monitor, bootstrap, fx, scorer)) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stimmung-shutdown"));
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the stream did not reach RUNNING within 60 s on " + bootstrap);
            }
            if (dashboard != null) {
                dashboard.attach(service.streams(), bootstrap, config, monitor, dashboard.hostPort());
                out.println("dashboard: " + dashboard.url());
            }
            String registryUrl = config.schemaRegistryUrl().orElseThrow();
            out.printf("Stimmung is serving on %s with schema registry %s: %s -> %s (dead letters: %s), model %s,"
                    + " %s; ready in %d ms%n", bootstrap, registryUrl, config.speechTopic(), config.eventsTopic(),
                    config.deadLetterTopic(), scorer.info().version(), config.processingGuarantee(),
                    (System.nanoTime() - started) / 1_000_000);
            out.printf("Try: java -jar stimmung.jar produce -b %s --schema-registry-url %s FILE.wav%n", bootstrap,
                    registryUrl);
            out.flush();
            Throwable failure;
            try {
                markReady();
                failure = service.awaitStop();
            } finally {
                unmarkReady();
            }
            if (failure != null) {
                throw new IllegalStateException("the stream stopped: " + failure.getMessage(), failure);
            }
        }
    }
}

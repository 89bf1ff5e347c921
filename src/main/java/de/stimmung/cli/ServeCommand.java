package de.stimmung.cli;

import de.stimmung.dashboard.DashboardServer;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.CallAdaptation;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.BrokerSettings;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import de.stimmung.embedded.RunDirectory;
import de.stimmung.stream.monitor.MonitorSettings;
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

    /** How long SIGTERM waits for the stream, the embedded registry and broker to stop and the run data to go. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

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

    @Mixin
    ScalingOptions scaling;

    @Option(names = "--model", description = "ONNX model file. Default: the model shipped in the jar.")
    Path model;

    @Option(names = "--processing-guarantee",
            description = "at_least_once or exactly_once_v2. Default: ${DEFAULT-VALUE}.")
    String guarantee;

    @Option(names = "--application-id", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: this run's folder under "
            + "$STIMMUNG_HOME (~/.stimmung) with the embedded broker, else $STIMMUNG_HOME/streams.")
    Path stateDir;

    @Option(names = "--kafka-data-dir", description = "Data directory of the embedded broker (kept across restarts). "
            + "Default: this run's folder under $STIMMUNG_HOME (~/.stimmung), removed when serve ends.")
    Path kafkaDataDir;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Port of the embedded broker (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Create this file once the stream is running and delete it when the service stops (for health checks).")
    Path readyFile;

    @Option(names = "--idle-timeout-ms", description = "Close an open utterance after this much call silence, measured on the call's"
            + " partition (its stream time), by the wall clock only once the service has caught up. Default: ${DEFAULT-VALUE}.")
    long idleTimeoutMs;

    @Option(names = "--call-adaptation", paramLabel = "auto|on|off", defaultValue = "auto",
            converter = CallAdaptationConverter.class,
            description = "Normalise each call's features by the call's earlier utterances (per-call speaker "
                    + "adaptation) before scoring: on, off, or auto = as the model's study on simulated calls "
                    + "recommends (the shipped model: off, see the README). Default: ${DEFAULT-VALUE}.")
    CallAdaptation callAdaptation;

    static final class CallAdaptationConverter implements CommandLine.ITypeConverter<CallAdaptation> {
        @Override
        public CallAdaptation convert(String value) {
            try {
                return CallAdaptation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        scaling.validate(spec.commandLine());
        if (kafka.hasCluster() && !kafka.hasRegistry()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no schema registry for the cluster at "
                    + kafka.bootstrapServers + ": pass --schema-registry-url or set SCHEMA_REGISTRY_URL (Stimmung's"
                    + " records use the Confluent wire format)");
        }
        // SIGTERM / Ctrl-C stop the stream, then wait for the clean-up below (registry, broker, run folder)
        try (ShutdownSequence shutdown = ShutdownSequence.install(SHUTDOWN_GRACE)) {
            run(shutdown, started);
        }
        return 0;
    }

    private void run(ShutdownSequence shutdown, long started) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        StimmungHome home = StimmungHome.locate();
        boolean embedded = !kafka.hasCluster();
        // a throw-away embedded broker gets a folder of this run, deleted at the end (or at the next start)
        try (EmotionScorer scorer = ModelOption.load(model, fx);
                RunDirectory runData = embedded && kafkaDataDir == null ? RunDirectory.create(home.runs()) : null) {
            StreamConfig config = topics.apply(StreamConfig.defaults()).withProcessingGuarantee(guarantee)
                    .withIdleTimeout(Duration.ofMillis(idleTimeoutMs)).withApplicationId(applicationId)
                    .withOverrides(kafka.clientPropertiesWithRegistry()).withCallAdaptation(callAdaptation);
            config = config.withOverrides(scaling.streamsProperties(config.replication(), config.streamsOverrides()));
            callAdaptation.resolve(scorer); // a model without a normaliser fails here, before any broker starts
            if (stateDir != null || !config.streamsOverrides().containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
                Path state = stateDir != null ? stateDir
                        : runData != null ? runData.resolve("streams") : home.streamsState();
                config = config.withOverrides(java.util.Map.of(StreamsConfig.STATE_DIR_CONFIG, state.toString()));
            }
            EmbeddedKafkaBroker broker = null;
            String bootstrap = kafka.bootstrapServers;
            CompletableFuture<EmbeddedSchemaRegistry> registryStart = null;
            if (embedded) {
                int port = kafkaPort == 0 ? EmbeddedKafkaBroker.freePort() : kafkaPort;
                if (!kafka.hasRegistry()) {
                    // the registry's JVM boots while the broker starts; it connects once the broker is up
                    String future = "127.0.0.1:" + port;
                    registryStart = CompletableFuture.supplyAsync(() -> registryOptions.start(future));
                }
                BrokerSettings settings = BrokerSettings.defaults().withPort(port)
                        .withDataDirectory(kafkaDataDir != null ? kafkaDataDir : runData.resolve("kafka"));
                try {
                    broker = EmbeddedKafkaBroker.start(settings);
                } catch (RuntimeException e) {
                    if (registryStart != null) {
                        registryStart.thenAccept(EmbeddedSchemaRegistry::close);
                    }
                    throw e;
                }
                bootstrap = broker.bootstrapServers();
                out.println("Embedded Kafka broker at " + bootstrap + " (data in " + broker.dataDirectory()
                        + (runData != null ? ", removed when serve ends" : "") + ")");
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
                    if (!shutdown.stopping()) {
                        serve(out, shutdown, config, bootstrap, fx, scorer, started);
                    }
                }
            }
        }
    }

    private void markReady() throws java.io.IOException {
        if (readyFile != null) {
            java.nio.file.Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
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

    private void serve(PrintWriter out, ShutdownSequence shutdown, StreamConfig config, String bootstrap,
            FeatureExtractor fx, EmotionScorer scorer, long started) throws Exception {
        // dashboard: bound before the stream starts, so its address is this instance's application.server
        MonitorSettings monitor = dashboardOptions.monitor();
        try (DashboardServer dashboard = dashboardOptions.bind()) {
            if (dashboard != null) {
                config = config.withOverrides(java.util.Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, dashboard.hostPort()));
            }
            serve(out, shutdown, config, monitor, dashboard, bootstrap, fx, scorer, started);
        }
    }

    private void serve(PrintWriter out, ShutdownSequence shutdown, StreamConfig config, MonitorSettings monitor,
            DashboardServer dashboard, String bootstrap, FeatureExtractor fx, EmotionScorer scorer, long started)
            throws Exception {
        try (StimmungService service = StimmungService.start(config, monitor, bootstrap, fx, scorer)) {
            shutdown.onStop(service::close);
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                if (shutdown.stopping()) {
                    return; // SIGTERM during start-up: stop quietly
                }
                throw new IllegalStateException("the stream did not reach RUNNING within 60 s on " + bootstrap);
            }
            if (dashboard != null) {
                dashboard.attach(service.streams(), bootstrap, config, monitor, dashboard.hostPort());
                out.println("dashboard: " + dashboard.url());
            }
            String registryUrl = config.schemaRegistryUrl().orElseThrow();
            out.printf("Stimmung is serving on %s with schema registry %s: %s -> %s (dead letters: %s), model %s,"
                    + " %s, call adaptation %s; ready in %d ms%n", bootstrap, registryUrl, config.speechTopic(),
                    config.eventsTopic(), config.deadLetterTopic(), scorer.info().version(),
                    config.processingGuarantee(), config.callAdaptation().resolve(scorer) == null ? "off" : "on",
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

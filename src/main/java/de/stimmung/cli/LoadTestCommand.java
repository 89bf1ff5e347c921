package de.stimmung.cli;

import de.stimmung.cli.load.LoadProfile;
import de.stimmung.cli.load.LoadResult;
import de.stimmung.cli.load.LoadRun;
import de.stimmung.cli.load.LoadTarget;
import de.stimmung.embedded.BrokerSettings;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import de.stimmung.embedded.RunDirectory;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stimmung loadtest}: N concurrent real-time calls against the service, like Kafka's own
 * perf-test tools. Without a cluster everything runs here: an embedded broker and schema
 * registry and the service in this JVM (a fresh application and topics per run), so the CPU
 * split between service, broker and registry can be measured. With {@code -b} it only produces
 * and consumes; the service must already run on that cluster ({@code serve}). The last line is
 * machine-readable ({@code key=value} pairs).
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test the service with N concurrent real-time calls: latency from an utterance's end to"
                + " its event (p50/p95/p99/max), events per second, whether it kept up, and where the CPU went.",
            "Without --bootstrap-servers it runs an embedded Kafka broker, schema registry and the service in this"
                + " JVM. With a cluster it only produces and consumes: start the service there first (serve -b ...),"
                + " with the same topics; --processing-guarantee then only labels the output.",
            "The last line is machine-readable, e.g. calls=500 ... p99_ms=63.2 ... kept_up=true."})
final class LoadTestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", defaultValue = "100", description = "Concurrent calls (with --find-knee: the first count tried). Default: ${DEFAULT-VALUE}.")
    int calls;

    @Option(names = "--seconds", defaultValue = "30", description = "Length of the measurement window per run. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "20", description = "Calls run this long before measuring (caches, first utterances). Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--jvm-warmup-seconds", defaultValue = "60", description = "The first embedded run of this JVM warms"
            + " up at least this long, while the JIT compiles broker, Streams and extractor. Default: ${DEFAULT-VALUE}.")
    int jvmWarmupSeconds;

    @CommandLine.ArgGroup(exclusive = true)
    Audio audio = new Audio();

    static final class Audio {
        @Option(names = "--rate", defaultValue = "16000", description = "Sample rate of the calls, 16-bit PCM. Default: ${DEFAULT-VALUE}.")
        int rateHz = 16000;

        @Option(names = "--telephony", description = "Telephone calls as a call centre sends them: 8 kHz G.711 mu-law.")
        boolean telephony;
    }

    @Option(names = "--chunk-phases", defaultValue = "spread", converter = PhasesConverter.class,
            description = "spread: each call sends at its own phase of the chunk period, as independent calls do;"
                    + " aligned: all calls send their chunks in the same instant (one burst per period, the worst case)."
                    + " Default: ${DEFAULT-VALUE}.")
    LoadProfile.Phases phases;

    /** Accepts the phases in lower case, as the help shows them. */
    static final class PhasesConverter implements CommandLine.ITypeConverter<LoadProfile.Phases> {
        @Override
        public LoadProfile.Phases convert(String value) {
            try {
                return LoadProfile.Phases.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not spread or aligned");
            }
        }
    }

    @Option(names = "--processing-guarantee", description = "at_least_once or exactly_once_v2 (of the embedded service). Default: ${DEFAULT-VALUE}.")
    String guarantee;

    @Option(names = "--find-knee", description = "Ramp the call count (doubling from --calls, then bisecting) and report the"
            + " largest count that held the p99 target and kept up for the whole run.")
    boolean findKnee;

    @Option(names = "--p99-target-ms", defaultValue = "100", description = "The latency target of --find-knee. Default: ${DEFAULT-VALUE}.")
    double p99TargetMs;

    @Option(names = "--max-calls", defaultValue = "8000", description = "--find-knee stops doubling here. Default: ${DEFAULT-VALUE}.")
    int maxCalls;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--speech-topic", description = "Input topic of the service (with a cluster). Default: ${DEFAULT-VALUE}.")
    String speechTopic;

    @Option(names = "--events-topic", description = "Output topic of the service (with a cluster). Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = "--application-id", description = "The service's application id (with a cluster; for its input lag). Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the embedded run's topics. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Mixin
    RegistryOptions registryOptions;

    @Option(names = "--model", description = "ONNX model file of the embedded service. Default: the model shipped in the jar.")
    Path model;

    @Override
    public Integer call() throws Exception {
        if (calls < 1 || seconds < 1 || warmupSeconds < 0 || maxCalls < calls) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls and --seconds must be at least 1,"
                    + " --warmup-seconds at least 0 and --max-calls at least --calls");
        }
        LoadProfile profile = (audio.telephony ? LoadProfile.telephony() : LoadProfile.pcm(audio.rateHz)).withPhases(phases);
        if (!guarantee.equals(StreamsConfig.AT_LEAST_ONCE) && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--processing-guarantee '" + guarantee
                    + "' is not supported; use " + StreamsConfig.AT_LEAST_ONCE + " or " + StreamsConfig.EXACTLY_ONCE_V2);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (kafka.hasCluster()) {
            Map<String, String> properties = kafka.requireClusterAndRegistry(spec.commandLine());
            requireTopics(properties);
            Runs runs = n -> new LoadRun(new LoadTarget(kafka.bootstrapServers, properties, speechTopic, eventsTopic,
                    applicationId, false, false, Optional::empty), profile, n, guarantee).run(warmup(), window(), line(out));
            out.printf("load test against %s (%s -> %s): %s%n", kafka.bootstrapServers, speechTopic, eventsTopic, profile);
            out.flush();
            return ramp(out, runs, false, false);
        }
        return embedded(out, profile);
    }

    private int embedded(PrintWriter out, LoadProfile profile) throws Exception {
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (RunDirectory runData = RunDirectory.create(StimmungHome.locate().runs());
                EmotionScorer scorer = ModelOption.load(model, fx);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults()
                        .withDataDirectory(runData.resolve("kafka")));
                EmbeddedSchemaRegistry registry = kafka.hasRegistry() ? null : registryOptions.start(broker.bootstrapServers())) {
            Map<String, String> properties = kafka.clientPropertiesWithRegistry();
            if (registry != null) {
                properties.put(de.stimmung.registry.RegistrySettings.URL, registry.url());
            }
            Supplier<Optional<Duration>> registryCpu = registry == null ? Optional::empty : registry::cpuTime;
            out.printf("embedded Kafka broker at %s, schema registry at %s; the service runs in this JVM (%s, %d"
                    + " partitions); %s%n", broker.bootstrapServers(), properties.get(de.stimmung.registry.RegistrySettings.URL),
                    guarantee, partitions, profile);
            out.flush();
            int[] serial = {0};
            Runs runs = n -> {
                String app = "stimmung-load-" + n + "-" + (++serial[0]);
                StreamConfig config = StreamConfig.defaults().withApplicationId(app)
                        .withTopics(app + "-speech", app + "-events", app + "-dlq", partitions, (short) 1)
                        .withProcessingGuarantee(guarantee)
                        .withOverrides(Map.of(StreamsConfig.STATE_DIR_CONFIG, runData.resolve("streams-" + app).toString()))
                        .withOverrides(properties);
                try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), fx, scorer)) {
                    if (!service.awaitRunning(Duration.ofSeconds(120))) {
                        throw new IllegalStateException("the embedded service did not reach RUNNING within 120 s");
                    }
                    LoadTarget target = new LoadTarget(broker.bootstrapServers(), properties, config.speechTopic(),
                            config.eventsTopic(), app, true, true, registryCpu);
                    // the first run of this JVM also waits for the JIT: in a fresh JVM the compiler threads took
                    // about 0.3 cores for the first minute, and a 50-call run fell 11 s behind, then caught up
                    Duration warm = serial[0] == 1 ? Duration.ofSeconds(Math.max(warmupSeconds, jvmWarmupSeconds)) : warmup();
                    return new LoadRun(target, profile, n, guarantee).run(warm, window(), line(out));
                }
            };
            return ramp(out, runs, true, true);
        }
    }

    /** With a cluster: the service's topics must be there (serve creates them). */
    private void requireTopics(Map<String, String> properties) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.putAll(properties);
        p.put("bootstrap.servers", kafka.bootstrapServers);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            java.util.Set<String> names = admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (String topic : java.util.List.of(speechTopic, eventsTopic)) {
                if (!names.contains(topic)) {
                    throw new IllegalStateException("the cluster at " + kafka.bootstrapServers + " has no topic " + topic
                            + "; start the service there first (serve -b " + kafka.bootstrapServers + " ...), or name its"
                            + " topics with --speech-topic / --events-topic");
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the cluster at " + kafka.bootstrapServers + " did not answer within 30 s; "
                    + KafkaOptions.SECURITY_HINT, e);
        }
    }

    /** One run of the given call count. */
    private interface Runs {
        LoadResult run(int calls) throws Exception;
    }

    private int ramp(PrintWriter out, Runs runs, boolean serviceHere, boolean brokerHere) throws Exception {
        if (!findKnee) {
            LoadResult r = runs.run(calls);
            out.print(r.describe(serviceHere, brokerHere));
            out.println(r.keyValues());
            out.flush();
            return 0;
        }
        LoadResult best = null;
        int lo = 0;
        int hi = -1;
        for (int n = calls; n <= maxCalls && hi < 0; n *= 2) {
            LoadResult r = runOne(out, runs, n, serviceHere, brokerHere);
            if (r.held(p99TargetMs)) {
                lo = n;
                best = r;
            } else {
                hi = n;
            }
        }
        while (hi > 0 && hi - lo > Math.max(2, lo / 10)) {
            int mid = (lo + hi) / 2;
            LoadResult r = runOne(out, runs, mid, serviceHere, brokerHere);
            if (r.held(p99TargetMs)) {
                lo = mid;
                best = r;
            } else {
                hi = mid;
            }
        }
        String bound = hi < 0 ? " (every count up to --max-calls held)" : " (" + hi + " calls did not)";
        out.printf("knee: %d calls held p99 <= %.0f ms and kept up%s%n", lo, p99TargetMs, bound);
        out.println(String.format(java.util.Locale.ROOT, "knee_calls=%d target_p99_ms=%.0f ", lo, p99TargetMs)
                + (best != null ? best.keyValues() : "kept_up=false"));
        out.flush();
        return 0;
    }

    private LoadResult runOne(PrintWriter out, Runs runs, int n, boolean serviceHere, boolean brokerHere) throws Exception {
        out.printf("--- %d calls%n", n);
        out.flush();
        LoadResult r = runs.run(n);
        out.print(r.describe(serviceHere, brokerHere));
        out.println("run " + r.keyValues() + " held=" + r.held(p99TargetMs));
        out.flush();
        return r;
    }

    private Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    private Duration window() {
        return Duration.ofSeconds(seconds);
    }

    private static java.util.function.Consumer<String> line(PrintWriter out) {
        return s -> {
            out.println(s);
            out.flush();
        };
    }
}

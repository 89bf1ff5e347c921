package de.stimmung.embedded;

import de.stimmung.stream.cluster.ClusterProbe;
import de.stimmung.stream.cluster.KafkaUnreachableException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real one-node Apache Kafka cluster (KRaft, combined broker and controller) running inside
 * this JVM on 127.0.0.1: what {@code serve} starts when no cluster is given, and what the
 * integration tests run against.
 *
 * <p>Settings fit one node and a small heap: every replication factor and ISR minimum is 1 (so
 * transactions and Kafka Streams {@code exactly_once_v2} work), the internal offsets and
 * transaction topics have one partition, consumer groups start without the rebalance delay,
 * topics are never created by accident ({@code auto.create.topics.enable=false}), and the log
 * cleaner's dedupe buffer is 2 MiB instead of 128 MiB. Broker and a Streams app then fit in
 * about 48 MiB of heap.
 *
 * <p>{@link #start(BrokerSettings)} returns once the broker answers an Admin
 * {@code describeCluster}; {@link #close()} shuts it down and waits for that, then deletes the
 * data directory if it was a temporary one. Not thread-safe to close concurrently.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final Path dataDirectory;
    private final boolean temporaryDirectory;
    private final String bootstrapServers;
    private final Duration startupTime;
    private final AtomicReference<String> fatalError;
    private final JvmExitGuard.Hold exitGuard;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDirectory, boolean temporaryDirectory,
                                String bootstrapServers, Duration startupTime, AtomicReference<String> fatalError,
                                JvmExitGuard.Hold exitGuard) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.temporaryDirectory = temporaryDirectory;
        this.bootstrapServers = bootstrapServers;
        this.startupTime = startupTime;
        this.fatalError = fatalError;
        this.exitGuard = exitGuard;
    }

    /** Starts a broker with {@link BrokerSettings#defaults()}: temporary data, a free port. */
    public static EmbeddedKafkaBroker start() {
        return start(BrokerSettings.defaults());
    }

    /**
     * Starts a broker and waits until it answers clients. A data directory that already holds a
     * broker's storage is reused as it is (topics and records survive restarts); an empty or
     * missing one is formatted first, like {@code kafka-storage format}.
     *
     * @throws KafkaUnreachableException when the broker does not answer within the ready timeout
     * @throws IllegalStateException     when the broker cannot start (port taken, directory of
     *                                   another cluster, ...); the cause says why
     * @throws UncheckedIOException      when the data directory cannot be created or formatted
     */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        long started = System.nanoTime();
        boolean temporary = settings.dataDirectory().isEmpty();
        Path directory = temporary ? createTempDirectory() : createDirectories(settings.dataDirectory().get());
        AtomicReference<String> fatalError = new AtomicReference<>();
        JvmExitGuard.Hold guard = settings.guardJvmExit()
                ? JvmExitGuard.hold(reason -> fatalError.compareAndSet(null, reason))
                : () -> { };
        KafkaRaftServer server = null;
        try {
            int port = settings.port() == 0 ? freePort() : settings.port();
            int controllerPort = freePort();
            Map<String, String> properties = properties(directory, port, controllerPort, settings.overrides());
            formatIfNew(directory, NODE_ID, Uuid.randomUuid().toString());
            server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + port;
            awaitClients(bootstrap, settings.readyTimeout().minusNanos(System.nanoTime() - started));
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})", bootstrap, startup.toMillis(),
                    directory);
            return new EmbeddedKafkaBroker(server, directory, temporary, bootstrap, startup, fatalError, guard);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            guard.close();
            if (temporary) {
                deleteRecursively(directory);
            }
            if (e instanceof KafkaUnreachableException || e instanceof UncheckedIOException || e instanceof Error) {
                throw e;
            }
            throw new IllegalStateException("the embedded Kafka broker did not start (" + (temporary
                    ? "temporary data directory" : "data directory " + directory) + ", port " + (settings.port() == 0 ? "free" : settings.port()) + "): " + rootMessage(e)
                    + "; if the port is taken choose another, if the directory belongs to another cluster "
                    + "choose an empty one", e);
        }
    }

    /** Kafka wraps the useful part ("Address already in use") a few causes deep. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " <- " + root;
    }

    /** The embedded defaults, then the caller's overrides. */
    static Map<String, String> properties(Path directory, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", directory.toAbsolutePath().toString());
        // One node: every replication factor and ISR minimum must be 1, or transactions and
        // exactly-once Streams wait forever for replicas that do not exist.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the defaults) only slow down the first consumer group and transaction.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // The cleaner allocates this buffer at start-up; the 128 MiB default kills small heaps.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.putAll(overrides);
        return p;
    }

    /**
     * Formats an empty directory like {@code kafka-storage format} for node {@code nodeId} of
     * cluster {@code clusterId}; leaves a formatted one alone. The nodes of a multi-node cluster
     * (tests) share one cluster id.
     */
    static void formatIfNew(Path directory, int nodeId, String clusterId) {
        if (Files.exists(directory.resolve("meta.properties"))) {
            LOG.info("Reusing Kafka storage in {}", directory);
            return;
        }
        MetadataVersion version = MetadataVersion.latestProduction();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(directory.toAbsolutePath().toString())
                    .addDirectory(directory.toAbsolutePath().toString())
                    .setReleaseVersion(version)
                    .run();
        } catch (Exception e) {
            throw new UncheckedIOException("cannot format Kafka storage in " + directory + " (" + e.getMessage()
                    + "); use an empty directory or one written by this broker", new IOException(e));
        }
        LOG.info("Formatted Kafka storage in {} (cluster id {}, metadata.version {})", directory, clusterId,
                version.version());
    }

    private static void awaitClients(String bootstrap, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "stimmung-embedded-broker-probe");
        try (Admin admin = Admin.create(config)) {
            ClusterProbe.awaitReachable(admin, bootstrap, timeout.isNegative() ? Duration.ofMillis(1) : timeout);
        }
    }

    /**
     * A port that was free a moment ago. Another process may take it before Kafka binds it;
     * then start fails with a clear message and can simply be retried.
     */
    /** A port on the loopback address that is free now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("stimmung-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded Kafka broker "
                    + "under " + System.getProperty("java.io.tmpdir") + "; check java.io.tmpdir", e);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + directory
                    + "; choose a writable directory", e);
        }
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its topics; deleted on close only if it was a temporary directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Wall time from {@link #start(BrokerSettings)} being called to the broker answering clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Why Kafka asked to terminate the JVM, if it did while the exit guard was on; then the
     * broker should be closed and started again. Empty while all is well.
     */
    public Optional<String> fatalError() {
        return Optional.ofNullable(fatalError.get());
    }

    /** Shuts the broker down, waits for it, and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long stopping = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            exitGuard.close();
            if (temporaryDirectory) {
                deleteRecursively(dataDirectory);
            }
        }
        LOG.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers,
                Duration.ofNanos(System.nanoTime() - stopping).toMillis());
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the embedded broker's temporary directory {}: {}", directory, e.toString());
        }
    }
}

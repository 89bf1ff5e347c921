package de.stimmung.embedded;

import de.stimmung.stream.cluster.ClusterProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real multi-node Apache Kafka cluster inside this JVM, for tests: {@code n} KRaft nodes on
 * 127.0.0.1, each a combined broker and controller, sharing one cluster id and one static
 * controller quorum of all nodes, so one node can be stopped and the others carry on (the quorum
 * keeps its majority). Built from {@link EmbeddedKafkaBroker}'s settings and storage format, with
 * the replication of a production cluster of three: internal topics and new topics replicated 3
 * times, {@code min.insync.replicas} 2 (the transaction log too), so an {@code acks=all} write
 * survives the loss of any one node.
 *
 * <p>Nodes start in parallel (a node's start-up waits for the quorum) and are stopped in
 * parallel at {@link #close()} (stopping combined nodes one after another loses the quorum
 * midway and hangs for minutes). Not thread-safe.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final Path directory;
    private final Map<Integer, KafkaRaftServer> running;
    private final Map<Integer, String> addresses;
    private final JvmExitGuard.Hold exitGuard;

    private EmbeddedKafkaCluster(Path directory, Map<Integer, KafkaRaftServer> running, Map<Integer, String> addresses,
            JvmExitGuard.Hold exitGuard) {
        this.directory = directory;
        this.running = running;
        this.addresses = addresses;
        this.exitGuard = exitGuard;
    }

    /**
     * Starts {@code nodes} nodes (at least 3) and waits until every broker is registered and
     * answers clients.
     *
     * @param overrides broker properties applied to every node last
     */
    public static EmbeddedKafkaCluster start(int nodes, Map<String, String> overrides, Duration readyTimeout) {
        if (nodes < 3) {
            throw new IllegalArgumentException("nodes is " + nodes + "; a cluster that survives a stopped node needs 3");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("stimmung-kafka-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's directory under java.io.tmpdir", e);
        }
        JvmExitGuard.Hold guard = JvmExitGuard.hold(reason -> { });
        String clusterId = Uuid.randomUuid().toString();
        Map<Integer, int[]> ports = new LinkedHashMap<>();
        for (int id = 1; id <= nodes; id++) {
            ports.put(id, new int[] {EmbeddedKafkaBroker.freePort(), EmbeddedKafkaBroker.freePort()});
        }
        String voters = ports.entrySet().stream().map(e -> e.getKey() + "@" + HOST + ":" + e.getValue()[1])
                .collect(Collectors.joining(","));
        Map<Integer, KafkaRaftServer> servers = new LinkedHashMap<>();
        Map<Integer, String> addresses = new LinkedHashMap<>();
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(directory, servers, addresses, guard);
        try {
            for (Map.Entry<Integer, int[]> node : ports.entrySet()) {
                int id = node.getKey();
                Path logDir = directory.resolve("node-" + id);
                Files.createDirectories(logDir);
                Map<String, String> p = EmbeddedKafkaBroker.properties(logDir, node.getValue()[0], node.getValue()[1],
                        Map.of());
                p.put("node.id", Integer.toString(id));
                p.put("controller.quorum.voters", voters);
                p.put("default.replication.factor", "3");
                p.put("min.insync.replicas", "2");
                p.put("offsets.topic.replication.factor", "3");
                p.put("transaction.state.log.replication.factor", "3");
                p.put("transaction.state.log.min.isr", "2");
                p.put("share.coordinator.state.topic.replication.factor", "3");
                p.put("share.coordinator.state.topic.min.isr", "2");
                p.putAll(overrides);
                EmbeddedKafkaBroker.formatIfNew(logDir, id, clusterId);
                servers.put(id, new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM));
                addresses.put(id, HOST + ":" + node.getValue()[0]);
            }
            List<CompletableFuture<Void>> starts = servers.values().stream()
                    .map(s -> CompletableFuture.runAsync(s::startup)).toList();
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                    .get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            cluster.awaitBrokers(nodes, readyTimeout);
            return cluster;
        } catch (IOException | InterruptedException | ExecutionException | java.util.concurrent.TimeoutException
                | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("the " + nodes + "-node Kafka cluster did not start: " + e, e);
        }
    }

    private void awaitBrokers(int expected, Duration timeout) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            ClusterProbe.awaitReachable(admin, bootstrapServers(), timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (admin.describeCluster().nodes().get().size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + admin.describeCluster().nodes().get().size() + " of "
                            + expected + " brokers registered within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    /** An Admin client for this cluster (the caller closes it). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "stimmung-test-cluster-admin"));
    }

    /** Every node's client address, stopped ones included, as {@code host:port,...}. */
    public String bootstrapServers() {
        return String.join(",", addresses.values());
    }

    /** The ids of the nodes still running. */
    public List<Integer> runningNodes() {
        return List.copyOf(running.keySet());
    }

    /** Stops one node with a controlled shutdown (its partition leaderships move first) and waits for it. */
    public Duration stop(int nodeId) {
        KafkaRaftServer server = running.remove(nodeId);
        if (server == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not running; running: " + runningNodes());
        }
        long t0 = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Stops every running node in parallel and deletes the data. Idempotent. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (KafkaRaftServer server : running.values()) {
            stops.add(CompletableFuture.runAsync(() -> {
                server.shutdown();
                server.awaitShutdown();
            }));
        }
        running.clear();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the cluster did not stop cleanly: " + e, e);
        } finally {
            exitGuard.close();
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temp folder is harmless
            }
        }
    }
}

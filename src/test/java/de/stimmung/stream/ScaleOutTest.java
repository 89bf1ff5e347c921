package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.embedded.EmbeddedKafkaCluster;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out for real: three {@code stimmung serve} instances (child JVMs, {@code exactly_once_v2},
 * one standby replica per task) share one application id on an embedded three-node KRaft
 * cluster (replication 3, {@code min.insync.replicas} 2) while twelve calls stream 2 s
 * producer-marked utterances in real time over six speech partitions. The partitions spread over
 * the instances; one instance is killed with SIGKILL mid-stream and its calls go on on the
 * others; then the broker that coordinates the service's group is stopped. Every utterance sent
 * yields exactly one committed event (read_committed): none lost, none duplicated. Prints the
 * recovery time of the moved calls (no timing is asserted).
 *
 * <p>The failure detection time is the consumer {@code session.timeout.ms}: 6 s here (Kafka's
 * default is 45 s), and the killed instance's open transactions are aborted after
 * {@code transaction.timeout.ms}, 5 s here (Kafka Streams' default 10 s; the brokers look for
 * timed-out transactions every second here, every 10 s by default). To measure Kafka's defaults:
 * {@code mvn -B -f stimmung.pom.xml surefire:test -Dtest=ScaleOutTest -Dscaleout.session.timeout.ms=45000
 * -Dscaleout.transaction.timeout.ms=10000 -Dscaleout.abort.check.ms=10000}
 * ({@code -Dscaleout.commit.interval.ms=N} sets the instances' commit interval). The instances'
 * logs stay in {@code target/scale-out-logs}. Takes about 2-4 minutes.
 */
class ScaleOutTest {

    private static final int PARTITIONS = 6;
    private static final int CALLS_PER_PARTITION = 2;
    private static final int INSTANCES = 3;
    private static final int RATE = 16_000;
    private static final int CHUNK_MS = 100;
    private static final int CHUNKS_PER_UTTERANCE = 20; // 2 s utterances
    private static final String APP = "scale-out";
    private static final String SPEECH = "so-speech";
    private static final String EVENTS = "so-events";
    private static final String DLQ = "so-dlq";
    private static final long SESSION_TIMEOUT_MS = Long.getLong("scaleout.session.timeout.ms", 6_000);
    private static final long TRANSACTION_TIMEOUT_MS = Long.getLong("scaleout.transaction.timeout.ms", 5_000);
    /** How often the brokers look for timed-out transactions to abort (broker default 10 s). */
    private static final long ABORT_CHECK_MS = Long.getLong("scaleout.abort.check.ms", 1_000);
    /** Kafka Streams' commit interval (one transaction per stream thread each); unset: the service's 100 ms. */
    private static final Long COMMIT_INTERVAL_MS = Long.getLong("scaleout.commit.interval.ms");
    private static final Duration PHASE = Duration.ofSeconds(180);
    /** The instances' logs stay here after the run (their state directories are temporary). */
    private static final Path LOGS = Path.of("target", "scale-out-logs");

    /** One committed event as the test's consumer saw it. */
    record Arrival(String utteranceId, String callId, long atNanos) {
    }

    @Test
    void callsOfAKilledInstanceGoOnElsewhereAndABrokerStopsWithEveryUtteranceExactlyOnce(@TempDir Path dir)
            throws Exception {
        String registryUrl = SharedRegistry.url();
        Map<String, String> brokerOverrides = Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", Long.toString(ABORT_CHECK_MS));
        List<ServeProcess> instances = new ArrayList<>();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, brokerOverrides, Duration.ofSeconds(120))) {
            String bootstrap = cluster.bootstrapServers();
            new TopicSetup(bootstrap, Duration.ofSeconds(30)).ensure(List.of(TopicSpec.of(SPEECH, PARTITIONS, 3),
                    TopicSpec.of(EVENTS, PARTITIONS, 3), TopicSpec.of(DLQ, PARTITIONS, 3)));
            try {
                // one after another, as an operator adds instances (and a loaded machine starts them in time)
                for (int i = 0; i < INSTANCES; i++) {
                    String name = "instance-" + (char) ('a' + i);
                    instances.add(ServeProcess.start(name, serveArgs(name, bootstrap, registryUrl, dir), LOGS));
                    instances.get(i).awaitReady(Duration.ofSeconds(150));
                }
                try (Admin admin = cluster.admin()) {
                    run(admin, cluster, instances, registryUrl, bootstrap);
                }
            } finally { // before the cluster goes
                for (ServeProcess p : instances) {
                    p.stop();
                }
            }
        }
    }

    private static List<String> serveArgs(String name, String bootstrap, String registryUrl, Path dir) {
        List<String> args = new ArrayList<>(List.of("-b", bootstrap, "--schema-registry-url", registryUrl,
                "--processing-guarantee", "exactly_once_v2", "--application-id", APP,
                "--speech-topic", SPEECH, "--events-topic", EVENTS, "--dlq-topic", DLQ,
                "--partitions", Integer.toString(PARTITIONS), "--replication", "3", "--standby-replicas", "1",
                "--state-dir", dir.resolve("state-" + name).toString(), "--no-http",
                // the utterances are producer-marked: a task that lags after a fail-over must not close one by
                // the wall clock (that would split it; issue 12 item 3), so the idle timeout is out of the way
                "--idle-timeout-ms", "600000",
                "-p", "client.id=" + name,
                "-p", "session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "-p", "heartbeat.interval.ms=" + Math.min(3_000, Math.max(500, SESSION_TIMEOUT_MS / 6)),
                "-p", "transaction.timeout.ms=" + TRANSACTION_TIMEOUT_MS));
        if (COMMIT_INTERVAL_MS != null) {
            args.addAll(List.of("-p", "commit.interval.ms=" + COMMIT_INTERVAL_MS));
        }
        return args;
    }

    private static void run(Admin admin, EmbeddedKafkaCluster cluster, List<ServeProcess> instances, String registryUrl,
            String bootstrap) throws Exception {
        // load spreads: the group settles with every instance running some speech partitions
        Map<String, Set<Integer>> before = awaitAssignment(admin, instances.size(), "all " + instances.size()
                + " instances to share the " + PARTITIONS + " speech partitions", instances);
        Events events = new Events(callIds());
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(bootstrap, registryUrl, events, consuming), "events-consumer");
        consumer.start();
        try (CallLoad load = new CallLoad(bootstrap, registryUrl, events)) {
            load.start();
            events.await(events.calls, Long.MIN_VALUE, Long.MIN_VALUE, 2, "every call's first two events", instances);
            long steadyFrom = System.nanoTime();
            events.await(events.calls, steadyFrom, steadyFrom, 2, "two more events of every call", instances);
            String tasks = instances.stream().map(p -> p.name() + " active " + p.activeTasks() + " standby "
                    + p.standbyTasks()).collect(Collectors.joining("; "));
            for (ServeProcess p : instances) {
                assertTrue(p.standbyTasks().matches("\\[.+\\]"), p.name() + " keeps no standby task: " + tasks);
            }
            List<String> report = new ArrayList<>();
            report.add(String.format(Locale.ROOT, "%d serve instances, %d speech partitions, %d calls (16 kHz, %d s"
                    + " marked utterances, real time), exactly_once_v2, --standby-replicas 1, 3 brokers (replication 3,"
                    + " min.insync.replicas 2)", instances.size(), PARTITIONS, events.calls.size(),
                    CHUNKS_PER_UTTERANCE * CHUNK_MS / 1000));
            report.add("speech partitions per instance " + before + "; tasks " + tasks);
            long steadyTo = System.nanoTime();
            report.add(String.format(Locale.ROOT, "steady state: latency (utterance end to committed event) p50 %.0f ms,"
                    + " p99 %.0f ms; p50 by instance %s", events.latencyMs(steadyFrom, steadyTo, 0.50),
                    events.latencyMs(steadyFrom, steadyTo, 0.99), before.entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), events.latencyMs(
                                    events.calls.stream().filter(c -> e.getValue().contains(partitionOf(c))).toList(),
                                    steadyFrom, steadyTo, 0.5)))
                            .collect(Collectors.joining(", "))));

            List<ServeProcess> survivors = killOne(admin, instances, before, events, report);
            stopCoordinator(admin, cluster, events, survivors, report);

            load.finish(Duration.ofSeconds(30));
            Set<String> sent = new TreeSet<>(events.endSentAt.keySet());
            awaitCondition(() -> events.utteranceIds().containsAll(sent),
                    "an event for every one of the " + sent.size() + " utterances sent", survivors);
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < settle) { // a duplicate would arrive after the last expected event
                Thread.sleep(100);
            }
            consuming.set(false);
            consumer.join(30_000);

            Map<String, Long> counts = events.arrivals.stream()
                    .collect(Collectors.groupingBy(Arrival::utteranceId, TreeMap::new, Collectors.counting()));
            Map<String, Long> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
            assertEquals(Map.of(), duplicated, "utterances with more than one committed event");
            assertEquals(sent, counts.keySet(), "exactly the utterances sent have events");
            assertEquals(0, recordsIn(bootstrap, DLQ), "dead letters were written" + logs(instances));
            report.add("latency p50/max in s by arrival time since the calls started (K kill, B broker stop): " + events.timeline(10));
            report.add(String.format(Locale.ROOT, "utterances=%d events=%d duplicated=%d lost=0", sent.size(),
                    events.arrivals.size(), duplicated.size()));
            report.forEach(line -> System.out.println("scale-out: " + line));
        } finally {
            consuming.set(false);
            consumer.join(30_000);
        }
    }

    /** Kills (SIGKILL) the instance with the most partitions under load; its calls must go on on the others. */
    private static List<ServeProcess> killOne(Admin admin, List<ServeProcess> instances,
            Map<String, Set<Integer>> before, Events events, List<String> report) throws Exception {
        ServeProcess victim = instances.stream()
                .max(java.util.Comparator.comparingInt(p -> before.getOrDefault(p.name(), Set.of()).size()))
                .orElseThrow();
        Set<Integer> movedPartitions = before.get(victim.name());
        List<String> moved = events.calls.stream().filter(c -> movedPartitions.contains(partitionOf(c))).toList();
        List<String> stayed = events.calls.stream().filter(c -> !moved.contains(c)).toList();
        report.add("CPU seconds before the kill: " + instances.stream().map(p -> String.format(Locale.ROOT,
                "%s %.1f", p.name(), p.cpuTime().toMillis() / 1e3)).collect(Collectors.joining(", ")) + String.format(
                Locale.ROOT, ", test JVM (3 brokers, calls, consumer) %.1f", ProcessHandle.current().info()
                        .totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1e3));
        long killedAt = System.nanoTime();
        events.mark("K");
        victim.kill();
        List<ServeProcess> survivors = instances.stream().filter(p -> p != victim).toList();
        Map<String, Set<Integer>> after = awaitAssignment(admin, survivors.size(),
                "the survivors to take over " + victim.name() + "'s partitions " + movedPartitions, survivors);
        long regroupedAt = System.nanoTime();
        // "resumed": any event of the call committed after the kill; "live": one of an utterance ended after it
        Map<String, Long> resumed = events.await(moved, killedAt, Long.MIN_VALUE, 1, "an event of every moved call", survivors);
        Map<String, Long> live = events.await(moved, killedAt, killedAt, 1,
                "an event of every moved call for an utterance ended after the kill", survivors);
        long allLive = Collections.max(live.values());
        report.add(String.format(Locale.ROOT, "killed %s (SIGKILL) with partitions %s (%d calls); the group went on"
                + " without it after %.1f s (session.timeout.ms=%d, transaction.timeout.ms=%d): %s", victim.name(),
                movedPartitions, moved.size(), seconds(regroupedAt - killedAt), SESSION_TIMEOUT_MS,
                TRANSACTION_TIMEOUT_MS, after));
        report.add(String.format(Locale.ROOT, "recovery: moved calls' first events %.1f-%.1f s after the kill, first"
                + " events of utterances ended after it %.1f-%.1f s; longest gap between two events of a moved call"
                + " %.1f s, of another call %.1f s; max latency until then %.0f ms",
                seconds(Collections.min(resumed.values()) - killedAt), seconds(Collections.max(resumed.values()) - killedAt),
                seconds(Collections.min(live.values()) - killedAt), seconds(allLive - killedAt),
                seconds(events.longestGap(moved, killedAt, allLive)), seconds(events.longestGap(stayed, killedAt, allLive)),
                events.latencyMs(killedAt, allLive, 1.0)));
        report.add(String.format(Locale.ROOT, "recovery_first_s=%.1f recovery_all_s=%.1f session_timeout_ms=%d",
                seconds(Collections.min(resumed.values()) - killedAt), seconds(allLive - killedAt), SESSION_TIMEOUT_MS));
        return survivors;
    }

    /** Stops the broker that coordinates the service's group (controlled shutdown) under load; nothing may be lost. */
    private static void stopCoordinator(Admin admin, EmbeddedKafkaCluster cluster, Events events,
            List<ServeProcess> survivors, List<String> report) throws Exception {
        int coordinator = admin.describeConsumerGroups(List.of(APP)).all().get().get(APP).coordinator().id();
        long stopAt = System.nanoTime();
        events.mark("B");
        Duration took = cluster.stop(coordinator);
        long stoppedAt = System.nanoTime();
        Map<String, Long> after = events.await(events.calls, stoppedAt, stoppedAt, 2,
                "two events of every call for utterances ended after broker " + coordinator + " stopped", survivors);
        long until = Collections.max(after.values());
        report.add(String.format(Locale.ROOT, "stopped broker %d (the group coordinator; controlled shutdown %.1f s):"
                + " longest gap between two events of a call %.1f s, max latency %.0f ms", coordinator,
                seconds(took.toNanos()), seconds(events.longestGap(events.calls, stopAt, until)),
                events.latencyMs(stopAt, until, 1.0)));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Two call ids per speech partition, so every instance gets calls whatever partitions it runs. */
    static List<String> callIds() {
        List<String> ids = new ArrayList<>();
        int[] perPartition = new int[PARTITIONS];
        for (int i = 0; ids.size() < PARTITIONS * CALLS_PER_PARTITION; i++) {
            String id = "call-" + i;
            int p = partitionOf(id);
            if (perPartition[p] < CALLS_PER_PARTITION) {
                perPartition[p]++;
                ids.add(id);
            }
        }
        return ids;
    }

    /** The speech partition the producer's default partitioner puts a call id's chunks in. */
    static int partitionOf(String callId) {
        return Utils.toPositive(Utils.murmur2(callId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /**
     * Waits until the group is stable with {@code members} instances and every speech partition
     * assigned; returns instance name -> speech partitions.
     */
    private static Map<String, Set<Integer>> awaitAssignment(Admin admin, int members, String what,
            Collection<ServeProcess> logs) throws Exception {
        long deadline = System.nanoTime() + PHASE.toNanos();
        Map<String, Set<Integer>> last = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APP)).all().get().get(APP);
            Map<String, Set<Integer>> byInstance = new TreeMap<>();
            for (MemberDescription m : group.members()) {
                String instance = m.clientId().replaceFirst("-StreamThread-.*$", "");
                Set<Integer> speech = byInstance.computeIfAbsent(instance, k -> new TreeSet<>());
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    if (tp.topic().equals(SPEECH)) {
                        speech.add(tp.partition());
                    }
                }
            }
            last = byInstance;
            int assigned = byInstance.values().stream().mapToInt(Set::size).sum();
            boolean everyMemberWorks = byInstance.values().stream().noneMatch(Set::isEmpty);
            if (group.groupState() == GroupState.STABLE && byInstance.size() == members && assigned == PARTITIONS
                    && everyMemberWorks) {
                return byInstance;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last assignment " + last + logs(logs));
    }

    private static void awaitCondition(BooleanSupplier condition, String what, Collection<ServeProcess> logs)
            throws InterruptedException {
        long deadline = System.nanoTime() + PHASE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PHASE.toSeconds() + " s waiting for " + what + logs(logs));
            }
            Thread.sleep(100);
        }
    }

    private static String logs(Collection<ServeProcess> logs) {
        return "; logs: " + logs.stream().map(p -> p.log().toString()).collect(Collectors.joining(", "));
    }

    /** The committed events as they arrive, and when each utterance's last chunk was sent. */
    private static final class Events {

        final List<String> calls;
        final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        final Map<String, Long> endSentAt = new ConcurrentHashMap<>();

        final Map<Long, String> marks = new ConcurrentHashMap<>();
        final long createdAt = System.nanoTime();

        Events(List<String> calls) {
            this.calls = calls;
        }

        void mark(String what) {
            marks.put(System.nanoTime(), what);
        }

        /** p50/max latency in s of the events arrived in each {@code bucketS}-second slot, with the marks. */
        String timeline(int bucketS) {
            long bucket = Duration.ofSeconds(bucketS).toNanos();
            Map<Long, List<Double>> byBucket = new TreeMap<>();
            for (Arrival a : arrivals) {
                byBucket.computeIfAbsent((a.atNanos() - createdAt) / bucket, k -> new ArrayList<>())
                        .add((a.atNanos() - endSentAt.get(a.utteranceId())) / 1e9);
            }
            StringBuilder out = new StringBuilder();
            byBucket.forEach((slot, ms) -> {
                ms.sort(Double::compare);
                marks.forEach((at, what) -> {
                    if ((at - createdAt) / bucket == slot) {
                        out.append(what).append(' ');
                    }
                });
                out.append(String.format(Locale.ROOT, "%ds %.1f/%.1f ", slot * bucketS, ms.get(ms.size() / 2),
                        ms.get(ms.size() - 1)));
            });
            return out.toString().strip();
        }

        Set<String> utteranceIds() {
            return arrivals.stream().map(Arrival::utteranceId).collect(Collectors.toSet());
        }

        /**
         * Waits until each of {@code which} has {@code n} events that arrived after
         * {@code arrivedAfter} for utterances whose last chunk was sent after {@code endedAfter};
         * returns call -> arrival time of the first of them.
         */
        Map<String, Long> await(List<String> which, long arrivedAfter, long endedAfter, int n, String what,
                Collection<ServeProcess> logs) throws InterruptedException {
            Map<String, Long> first = new HashMap<>();
            awaitCondition(() -> {
                Map<String, List<Arrival>> byCall = new HashMap<>();
                for (Arrival a : arrivals) {
                    if (a.atNanos() > arrivedAfter && endSentAt.getOrDefault(a.utteranceId(), Long.MAX_VALUE) > endedAfter) {
                        byCall.computeIfAbsent(a.callId(), k -> new ArrayList<>()).add(a);
                    }
                }
                for (String c : which) {
                    List<Arrival> got = byCall.getOrDefault(c, List.of());
                    if (got.size() < n) {
                        return false;
                    }
                    first.put(c, got.get(0).atNanos());
                }
                return true;
            }, what, logs);
            return first;
        }

        /** Quantile {@code q} of the latency (utterance end to committed event) of events arrived in [from, to]. */
        double latencyMs(long from, long to, double q) {
            return latencyMs(calls, from, to, q);
        }

        /** As {@link #latencyMs(long, long, double)}, for the events of {@code which} calls only. */
        double latencyMs(List<String> which, long from, long to, double q) {
            double[] ms = arrivals.stream().filter(a -> a.atNanos() >= from && a.atNanos() <= to)
                    .filter(a -> which.contains(a.callId()))
                    .mapToDouble(a -> (a.atNanos() - endSentAt.get(a.utteranceId())) / 1e6).sorted().toArray();
            return ms.length == 0 ? Double.NaN : ms[Math.max(0, Math.min(ms.length - 1, (int) Math.ceil(q * ms.length) - 1))];
        }

        /** The longest time between consecutive events of one of {@code which}, over gaps that overlap [from, to]. */
        long longestGap(List<String> which, long from, long to) {
            long longest = 0;
            for (String c : which) {
                long previous = Long.MIN_VALUE;
                for (Arrival a : arrivals) {
                    if (!a.callId().equals(c)) {
                        continue;
                    }
                    if (previous != Long.MIN_VALUE && a.atNanos() >= from && previous <= to) {
                        longest = Math.max(longest, a.atNanos() - previous);
                    }
                    previous = a.atNanos();
                }
            }
            return longest;
        }
    }

    private static void consume(String bootstrap, String registryUrl, Events events, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-out-check-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        try (KafkaConsumer<String, EmotionEvent> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, Map.of(RegistrySettings.URL, registryUrl), false)
                        .deserializer())) {
            c.subscribe(List.of(EVENTS));
            while (running.get()) {
                for (ConsumerRecord<String, EmotionEvent> r : c.poll(Duration.ofMillis(100))) {
                    events.arrivals.add(new Arrival(r.value().getUtteranceId(), r.key(), System.nanoTime()));
                }
            }
        }
    }

    private static long recordsIn(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new org.apache.kafka.common.serialization
                .ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> begin = c.beginningOffsets(tps);
            return c.endOffsets(tps).entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    /**
     * The calls: every 100 ms each call sends its next 100 ms chunk of 16 kHz audio; every 20
     * chunks end a producer-marked utterance. Calls start staggered so that utterance ends spread
     * out. {@link #finish} lets every call complete the utterance it is in, then stops.
     */
    private static final class CallLoad implements AutoCloseable {

        private final List<String> calls;
        private final Map<String, Long> endSentAt;
        private final KafkaProducer<String, AudioChunk> producer;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final Map<String, List<ByteBuffer>> audio = new LinkedHashMap<>();
        private final Set<String> done = ConcurrentHashMap.newKeySet();
        private volatile boolean finishing;
        private long tick;
        private long startMs;

        CallLoad(String bootstrap, String registryUrl, Events events) {
            this.calls = events.calls;
            this.endSentAt = events.endSentAt;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(p, new StringSerializer(),
                    RegistryAvroSerde.of(AudioChunk.class, Map.of(RegistrySettings.URL, registryUrl), false).serializer());
            SampleCodec codec = WireEncoding.codecFor(AudioEncoding.PCM_S16LE);
            int chunk = RATE * CHUNK_MS / 1000;
            for (int i = 0; i < calls.size(); i++) {
                float[] speech = Chunks.voiced(110 + 12 * i, CHUNKS_PER_UTTERANCE * CHUNK_MS / 1000.0, RATE, 0.25 + 0.01 * i);
                List<ByteBuffer> chunks = new ArrayList<>();
                for (int off = 0; off < speech.length; off += chunk) {
                    chunks.add(ByteBuffer.wrap(codec.encode(speech, off, chunk)));
                }
                audio.put(calls.get(i), chunks);
            }
        }

        void start() {
            startMs = System.currentTimeMillis();
            ticker.scheduleAtFixedRate(this::tick, 0, CHUNK_MS, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            long t = tick++;
            for (int i = 0; i < calls.size(); i++) {
                String call = calls.get(i);
                long seq = t - (i * 7L) % CHUNKS_PER_UTTERANCE; // staggered start
                if (seq < 0 || done.contains(call)) {
                    continue;
                }
                int idx = (int) (seq % CHUNKS_PER_UTTERANCE);
                if (idx == 0 && finishing) {
                    done.add(call);
                    continue;
                }
                boolean last = idx == CHUNKS_PER_UTTERANCE - 1;
                String utteranceId = call + "-u" + seq / CHUNKS_PER_UTTERANCE;
                AudioChunk c = AudioChunk.newBuilder().setCallId(call).setChannel(0).setSequenceNumber(seq)
                        .setTimestampMs(Instant.ofEpochMilli(startMs + t * CHUNK_MS)).setSampleRateHz(RATE)
                        .setEncoding(AudioEncoding.PCM_S16LE).setAudio(audio.get(call).get(idx).duplicate())
                        .setUtteranceId(utteranceId).setEndOfUtterance(last).setEndOfCall(false).build();
                if (last) {
                    endSentAt.put(utteranceId, System.nanoTime());
                }
                producer.send(new ProducerRecord<>(SPEECH, call, c));
            }
        }

        /** Lets every call finish its current utterance, then stops sending and flushes. */
        void finish(Duration timeout) throws InterruptedException {
            finishing = true;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (done.size() < calls.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the calls did not finish their utterances within " + timeout);
                }
                Thread.sleep(50);
            }
            ticker.shutdown();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            producer.flush();
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            producer.close(Duration.ofSeconds(10));
        }
    }
}

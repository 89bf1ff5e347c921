package de.stimmung.cli.load;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One load-test run, like Kafka's own perf-test tools: {@code calls} concurrent real-time calls
 * (a {@link LoadProfile}: chunks every {@code chunkMs}, marked utterances, starts staggered over
 * the first utterance so the utterance ends spread out) produced to the speech topic, and a
 * consumer on the events topic (committed events only) timing each utterance from sending its
 * last chunk to reading its event. After a warm-up, a measurement window gives the latency
 * quantiles, the event rate, what was still waiting at the end, the service's committed input
 * lag and the CPU split. Calls and utterances are named after the run, so runs against a
 * long-running service do not meet each other's state. Progress goes to {@code progress} every
 * few seconds.
 */
public final class LoadRun {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final LoadTarget target;
    private final LoadProfile profile;
    private final int calls;
    private final String guarantee;
    private final String runId;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final LatencySample window = new LatencySample();
    private final LatencySample interval = new LatencySample();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
    private volatile boolean assigned;

    public LoadRun(LoadTarget target, LoadProfile profile, int calls, String guarantee) {
        if (calls < 1) {
            throw new IllegalArgumentException("a load test needs at least 1 call, not " + calls);
        }
        this.target = target;
        this.profile = profile;
        this.calls = calls;
        this.guarantee = guarantee;
        this.runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36) + "-" + calls;
    }

    /**
     * Runs the warm-up and the measurement window; returns the window's figures.
     *
     * @throws IllegalStateException if the events consumer fails or gets no partitions within a minute
     */
    public LoadResult run(Duration warmup, Duration measured, Consumer<String> progress) throws InterruptedException {
        CpuSplit cpu = new CpuSplit(target.serviceInThisJvm() ? target.applicationId() : null, target.registryCpu());
        List<ByteBuffer> chunks = profile.utteranceChunks();
        Thread consumer = new Thread(this::consume, CpuSplit.LOAD_THREAD_PREFIX + "-events-" + runId);
        consumer.setDaemon(true);
        consumer.start();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, CpuSplit.LOAD_THREAD_PREFIX + "-calls-" + runId);
            t.setDaemon(true);
            return t;
        });
        try (KafkaProducer<String, AudioChunk> producer = producer()) {
            awaitAssignment();
            long start = System.currentTimeMillis();
            long[] tick = {0};
            // one tick per phase slot: under spread phases a tenth of the calls sends every tenth of a chunk period
            long periodMicros = profile.chunkMs() * 1000L / profile.slots();
            ticker.scheduleAtFixedRate(() -> sendTick(producer, chunks, start, tick[0]++), 0, periodMicros,
                    TimeUnit.MICROSECONDS);
            long began = System.nanoTime();
            report(progress, "warm-up", began, warmup);
            CpuSplit.Snapshot from = cpu.snapshot();
            synchronized (window) {
                window.clear();
            }
            long windowStart = System.nanoTime();
            report(progress, "measuring", windowStart, measured);
            CpuSplit.Snapshot to = cpu.snapshot();
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            double[] sorted;
            synchronized (window) {
                sorted = window.sorted();
            }
            long now = System.nanoTime();
            int outstanding = 0;
            long oldest = now;
            for (long sent : sentAt.values()) {
                outstanding++;
                oldest = Math.min(oldest, sent);
            }
            long lag = inputLag();
            ticker.shutdownNow();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            long expected = Math.round(calls * seconds * profile.utterancesPerSecond());
            return new LoadResult(calls, profile, guarantee, seconds, sorted.length, expected,
                    LatencySample.quantile(sorted, 0.50), LatencySample.quantile(sorted, 0.95),
                    LatencySample.quantile(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                    outstanding, (now - oldest) / 1e6, lag, cpu.between(from, to));
        } finally {
            ticker.shutdownNow();
            running.set(false);
            consumer.join(10_000);
        }
    }

    /**
     * Tick {@code u}: one chunk for every call of this phase slot (all calls when the phases are
     * aligned); call n starts n chunks late (modulo an utterance) so the utterance ends spread out.
     */
    private void sendTick(KafkaProducer<String, AudioChunk> producer, List<ByteBuffer> chunks, long startMs, long u) {
        int per = chunks.size();
        int slot = (int) (u % profile.slots());
        long t = u / profile.slots();
        for (int n = 0; n < calls; n++) {
            if (!profile.sendsInSlot(n, slot)) {
                continue;
            }
            long seq = t - n % per;
            if (seq < 0) {
                continue;
            }
            int idx = (int) (seq % per);
            String call = "lt-" + runId + "-" + n;
            String utterance = call + "-u" + seq / per;
            boolean last = idx == per - 1;
            AudioChunk c = AudioChunk.newBuilder().setCallId(call).setChannel(0).setSequenceNumber(seq)
                    .setTimestampMs(Instant.ofEpochMilli(startMs + seq * profile.chunkMs() + (long) profile.phaseOffsetMs(n))).setSampleRateHz(profile.rateHz())
                    .setEncoding(profile.encoding()).setAudio(chunks.get(idx).duplicate()).setUtteranceId(utterance)
                    .setEndOfUtterance(last).setEndOfCall(false).build();
            if (last) {
                sentAt.put(utterance, System.nanoTime());
            }
            producer.send(new ProducerRecord<>(target.speechTopic(), call, c));
        }
    }

    private void report(Consumer<String> progress, String phase, long since, Duration length) throws InterruptedException {
        long end = since + length.toNanos();
        long last = System.nanoTime();
        while (System.nanoTime() < end) {
            long sleep = Math.min(PROGRESS_EVERY.toNanos(), end - System.nanoTime());
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            Throwable failed = consumerFailure.get();
            if (failed != null) {
                throw new IllegalStateException("the events consumer failed: " + failed.getMessage(), failed);
            }
            double[] recent;
            synchronized (window) {
                recent = interval.sorted();
                interval.clear();
            }
            long now = System.nanoTime();
            long oldest = now;
            for (long sent : sentAt.values()) {
                oldest = Math.min(oldest, sent);
            }
            progress.accept(String.format(Locale.ROOT, "[%s %3.0f s] %d calls: %d events (%.1f/s), p99 %.1f ms, %d"
                    + " utterances waiting (oldest %.0f ms)%s", phase, (now - since) / 1e9, calls, recent.length,
                    recent.length / ((now - last) / 1e9), LatencySample.quantile(recent, 0.99), sentAt.size(),
                    (now - oldest) / 1e6, recent.length == 0 && sentAt.size() > 0
                            ? " - no events yet: is the service running on " + target.bootstrapServers() + " with these topics?"
                            : ""));
            last = now;
        }
    }

    private KafkaProducer<String, AudioChunk> producer() {
        Properties p = clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, CpuSplit.LOAD_THREAD_PREFIX + "-producer-" + runId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144"); // a tick sends one chunk per call of its slot at once
        return new KafkaProducer<>(p, new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, serdeConfig(), false).serializer());
    }

    private void consume() {
        Properties p = clientProperties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, CpuSplit.LOAD_THREAD_PREFIX + "-consumer-" + runId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, CpuSplit.LOAD_THREAD_PREFIX + "-" + runId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, EmotionEvent> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, serdeConfig(), false).deserializer())) {
            c.subscribe(List.of(target.eventsTopic()));
            while (running.get()) {
                var records = c.poll(Duration.ofMillis(50));
                if (!assigned && !c.assignment().isEmpty()) {
                    c.assignment().forEach(c::position); // fixes the start position before any call is sent
                    assigned = true;
                }
                long now = System.nanoTime();
                for (ConsumerRecord<String, EmotionEvent> r : records) {
                    Long sent = r.value() == null ? null : sentAt.remove(r.value().getUtteranceId());
                    if (sent != null) {
                        double ms = (now - sent) / 1e6;
                        synchronized (window) {
                            window.add(ms);
                            interval.add(ms);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            consumerFailure.set(e);
        }
    }

    private void awaitAssignment() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!assigned) {
            Throwable failed = consumerFailure.get();
            if (failed != null) {
                throw new IllegalStateException("the events consumer failed: " + failed.getMessage(), failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer of " + target.eventsTopic() + " got no partitions within"
                        + " a minute on " + target.bootstrapServers());
            }
            Thread.sleep(20);
        }
    }

    /** Chunks on the speech topic the service's group has not committed yet; -1 if that cannot be read. */
    private long inputLag() {
        if (target.applicationId() == null) {
            return -1;
        }
        Properties p = clientProperties();
        p.put("client.id", CpuSplit.LOAD_THREAD_PREFIX + "-admin-" + runId);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(target.applicationId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(target.speechTopic()))
                    .forEach(tp -> ask.put(tp, OffsetSpec.latest()));
            if (ask.isEmpty()) {
                return -1;
            }
            long lag = 0;
            for (var e : admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet()) {
                lag += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(target.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        return p;
    }

    private Map<String, Object> serdeConfig() {
        return new HashMap<>(target.clientProperties());
    }
}

package de.stimmung.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's metrics in Prometheus format: Kafka Streams' own (through Micrometer's
 * {@link KafkaStreamsMetrics}, including Stimmung's stream sensors such as {@code utterances} and
 * {@code alert-changes} per task) and what the live feed sees on the topics: utterances by
 * emotion, alert changes by state, dead letters by kind, and the end-to-end latency from an
 * utterance's end to its event reaching the dashboard. The feed reads every partition, so those
 * are cluster-wide counts seen by this instance. Thread-safe.
 */
final class DashboardMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer latency;
    private final DistributionSummary fanOut;
    private final AtomicInteger streamClients = new AtomicInteger();
    private KafkaStreamsMetrics streamsMetrics;

    DashboardMetrics() {
        latency = Timer.builder("stimmung.event.latency")
                .description("utterance end to its emotion event reaching the dashboard's feed (wall clock)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        fanOut = DistributionSummary.builder("stimmung.sse.fanout.clients")
                .description("event-stream clients each live message was queued for").register(registry);
        Gauge.builder("stimmung.sse.clients", streamClients, AtomicInteger::get)
                .description("open event-stream (SSE) connections").register(registry);
    }

    void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    void utterance(String emotion, long endMs, long nowMs) {
        Counter.builder("stimmung.utterances").description("emotion events seen, by emotion (none: no speech)")
                .tag("emotion", emotion == null ? "none" : emotion).register(registry).increment();
        latency.record(Duration.ofMillis(Math.max(0, nowMs - endMs)));
    }

    void alert(String state) {
        Counter.builder("stimmung.alerts").description("alert changes seen, by state").tag("state", state)
                .register(registry).increment();
    }

    void deadLetter(String kind) {
        Counter.builder("stimmung.dead.letters").description("dead letters seen, by kind").tag("kind", kind)
                .register(registry).increment();
    }

    void delivered(int clients) {
        fanOut.record(clients);
    }

    AtomicInteger streamClients() {
        return streamClients;
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}

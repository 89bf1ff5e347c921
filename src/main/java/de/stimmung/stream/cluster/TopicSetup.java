package de.stimmung.stream.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the service needs when they are missing, on any cluster (the embedded
 * broker or a real one). Idempotent: topics that already exist are left exactly as they are,
 * whatever their partitions or configs. Each call opens and closes its own Admin client, built
 * from the same client settings as every other client of the service (security protocol, SASL,
 * TLS), so a secured cluster is reached the same way by all of them.
 */
public final class TopicSetup {

    /** How long {@code serve} waits for a cluster by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private final String bootstrapServers;
    private final Map<String, Object> clientSettings;
    private final Duration timeout;

    /** A setup for a cluster that needs no client settings beyond its address (e.g. the embedded broker). */
    public TopicSetup(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, Map.of(), timeout);
    }

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientSettings   Kafka client properties (e.g. {@code security.protocol},
     *                         {@code sasl.jaas.config}, {@code ssl.truststore.location}); keys
     *                         that are not Admin client settings (Streams or registry keys) are ignored
     * @param timeout          how long to wait for the cluster to answer, and then for the topics
     */
    public TopicSetup(String bootstrapServers, Map<String, ?> clientSettings, Duration timeout) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.clientSettings = adminSettings(clientSettings);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout is " + timeout + "; it must be positive");
        }
    }

    /**
     * Creates every topic in {@code topics} that does not exist yet.
     *
     * @return the names of the topics this call created, in the order given
     * @throws KafkaUnreachableException when the cluster does not answer within the timeout
     * @throws IllegalStateException     when the cluster refuses a topic (the message says which
     *                                   and how to fix it, e.g. a replication factor above the
     *                                   number of brokers)
     */
    public List<String> ensure(Collection<TopicSpec> topics) {
        try (Admin admin = openAdmin()) {
            ClusterProbe.awaitReachable(admin, bootstrapServers, timeout);
            List<NewTopic> wanted = topics.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                    .toList();
            Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin
                    .createTopics(wanted, new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .values();
            List<String> created = new ArrayList<>();
            for (TopicSpec topic : topics) {
                if (create(topic, results.get(topic.name()))) {
                    created.add(topic.name());
                }
            }
            LOG.info("Topics at {}: created {}, already there {}", bootstrapServers, created,
                    topics.stream().map(TopicSpec::name).filter(n -> !created.contains(n)).toList());
            return List.copyOf(created);
        }
    }

    private boolean create(TopicSpec topic, org.apache.kafka.common.KafkaFuture<Void> result) {
        try {
            result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            if (e.getCause() instanceof InvalidReplicationFactorException) {
                throw new IllegalStateException("topic " + topic.name() + " wants replication factor "
                        + topic.replicationFactor() + " but the cluster at " + bootstrapServers + " has fewer brokers ("
                        + e.getCause().getMessage() + "); lower the replication factor", e.getCause());
            }
            throw new IllegalStateException("the cluster at " + bootstrapServers + " refused to create topic "
                    + topic.name() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw ClusterProbe.unreachable(bootstrapServers, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        }
    }

    /** The Admin client's own keys of {@code settings}: the others would only be logged as unknown. */
    private static Map<String, Object> adminSettings(Map<String, ?> settings) {
        Map<String, Object> admin = new LinkedHashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        settings.forEach((key, value) -> {
            if (known.contains(key)) {
                admin.put(key, value);
            }
        });
        return Map.copyOf(admin);
    }

    private Admin openAdmin() {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "stimmung-topic-setup");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putAll(clientSettings); // the user's settings win over our defaults
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try {
            return Admin.create(config);
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls": a typo in the host name fails here, not later.
            throw ClusterProbe.unreachable(bootstrapServers, timeout, e);
        }
    }
}

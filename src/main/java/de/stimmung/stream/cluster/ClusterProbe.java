package de.stimmung.stream.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;

/** Waits, with a deadline, until a cluster answers an Admin {@code describeCluster} with at least one node. */
public final class ClusterProbe {

    /** One attempt never waits longer than this, so a broker that comes up late is noticed soon. */
    private static final long MAX_ATTEMPT_MS = 1_000;

    private ClusterProbe() {
    }

    /**
     * Returns the number of live brokers once the cluster answers.
     *
     * @throws KafkaUnreachableException when it has not answered within {@code timeout}
     */
    public static int awaitReachable(Admin admin, String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                throw unreachable(bootstrapServers, timeout, last);
            }
            int attemptMs = (int) Math.min(remainingMs, MAX_ATTEMPT_MS);
            try {
                Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
                        .nodes().get(attemptMs + 500L, TimeUnit.MILLISECONDS);
                if (!nodes.isEmpty()) {
                    return nodes.size();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException refused) {
                    throw new KafkaUnreachableException(bootstrapServers, "Kafka at " + bootstrapServers
                            + " refused the client's credentials: " + refused.getMessage() + "; check sasl.mechanism"
                            + " and sasl.jaas.config (or the TLS key store) in --client-config / -p", refused);
                }
                last = e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(bootstrapServers, timeout, e);
            }
        }
    }

    static KafkaUnreachableException unreachable(String bootstrapServers, Duration timeout, Throwable cause) {
        String why = cause == null ? "" : " (last error: " + cause.getClass().getSimpleName() + ": "
                + cause.getMessage() + ")";
        return new KafkaUnreachableException(bootstrapServers, "cannot reach Kafka at " + bootstrapServers
                + " within " + seconds(timeout) + "; check --bootstrap-servers (host:port of a running broker) "
                + "and that the broker is up and reachable from this host; a cluster that needs authentication or"
                + " TLS only answers clients with its settings (security.protocol, sasl.*, ssl.* in --client-config"
                + " FILE or -p KEY=VALUE)" + why, cause);
    }

    /** "10 s", "1.5 s": how people say timeouts. */
    static String seconds(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

package de.stimmung.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link EmbeddedKafkaBroker}: where its data lives, which port it listens on,
 * how long start-up may take, whether Kafka may terminate the JVM, and extra broker properties.
 *
 * @param dataDirectory  the broker's log directory; empty for a fresh temporary directory that is
 *                       deleted on close. An existing directory keeps its topics across restarts.
 * @param port           the client (PLAINTEXT) port on 127.0.0.1, 1-65535, or 0 for a free port
 * @param readyTimeout   how long {@link EmbeddedKafkaBroker#start(BrokerSettings)} waits for the
 *                       broker to answer clients before it gives up
 * @param guardJvmExit   true to stop Kafka's fatal-error handler from exiting or halting the JVM
 *                       (see {@link EmbeddedKafkaBroker#fatalError()})
 * @param overrides      broker properties applied last, over the embedded defaults
 */
public record BrokerSettings(Optional<Path> dataDirectory, int port, Duration readyTimeout, boolean guardJvmExit,
                             Map<String, String> overrides) {

    /** Cold start takes about 2 s on two cores; 60 s leaves room for a loaded CI machine. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    public BrokerSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port is " + port + "; use 1-65535, or 0 for a free port");
        }
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout is " + readyTimeout + "; it must be positive");
        }
        overrides = Map.copyOf(overrides);
    }

    /** A temporary data directory, a free port, a 60 s ready timeout, the exit guard on, no overrides. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(Optional.empty(), 0, DEFAULT_READY_TIMEOUT, true, Map.of());
    }

    /** The same settings with the data kept in {@code directory} (created if missing, never deleted). */
    public BrokerSettings withDataDirectory(Path directory) {
        return new BrokerSettings(Optional.of(directory), port, readyTimeout, guardJvmExit, overrides);
    }

    /** The same settings listening on {@code clientPort} (0 for a free one). */
    public BrokerSettings withPort(int clientPort) {
        return new BrokerSettings(dataDirectory, clientPort, readyTimeout, guardJvmExit, overrides);
    }

    /** The same settings with another ready timeout. */
    public BrokerSettings withReadyTimeout(Duration timeout) {
        return new BrokerSettings(dataDirectory, port, timeout, guardJvmExit, overrides);
    }

    /** The same settings with the JVM exit guard on or off. */
    public BrokerSettings withJvmExitGuard(boolean on) {
        return new BrokerSettings(dataDirectory, port, readyTimeout, on, overrides);
    }

    /** The same settings with one more broker property, e.g. {@code log.retention.hours}. */
    public BrokerSettings withOverride(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(overrides);
        more.put(key, value);
        return new BrokerSettings(dataDirectory, port, readyTimeout, guardJvmExit, more);
    }
}

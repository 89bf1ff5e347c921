package de.stimmung.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a schema registry, read from the same keys Confluent's serdes use:
 * {@code schema.registry.url} (comma-separated; later URLs are tried when an earlier one cannot be
 * connected to), {@code basic.auth.credentials.source=USER_INFO} with
 * {@code basic.auth.user.info=user:password}, {@code http.connect.timeout.ms} and
 * {@code http.read.timeout.ms} (default 60000 each, as Confluent's), and retries of requests that
 * found no registry or a failing one (5xx, 408, 429): {@code max.retries} (default 3),
 * {@code retries.wait.ms} (first wait, default 1000, doubled each time) and
 * {@code retries.max.wait.ms} (cap, default 20000) — Confluent's keys and defaults. HTTPS URLs use
 * the JVM's default trust store ({@code javax.net.ssl.trustStore} and friends), so there is nothing
 * registry-specific to configure for TLS.
 *
 * @param urls base URLs without a trailing slash, e.g. {@code http://127.0.0.1:8081} or
 *             {@code http://host:8080/apis/ccompat/v7}
 * @param authorization the {@code Authorization} header value, if any
 * @param maxRetries how often a request is repeated after finding no registry or a failing one
 * @param retryWait the wait before the first repeat; each later wait doubles, up to {@code retryMaxWait}
 */
public record RegistrySettings(List<URI> urls, Optional<String> authorization, Duration connectTimeout,
        Duration requestTimeout, int maxRetries, Duration retryWait, Duration retryMaxWait) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

    public RegistrySettings {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " names no registry; set it to e.g. http://localhost:8081");
        }
        urls = List.copyOf(urls);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must not be negative, got " + maxRetries);
        }
    }

    /** These settings with other retry limits. */
    public RegistrySettings withRetries(int retries, Duration wait, Duration maxWait) {
        return new RegistrySettings(urls, authorization, connectTimeout, requestTimeout, retries, wait, maxWait);
    }

    /** The wait before repeat number {@code attempt} (from 1): doubling from {@link #retryWait}, capped. */
    public Duration backoff(int attempt) {
        long ms = retryWait.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, retryMaxWait.toMillis()));
    }

    /** Reads the settings from a Kafka-style config map; unknown keys are ignored. */
    public static RegistrySettings from(Map<String, ?> config) {
        Object url = config.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + URL + ": the schema registry's base URL(s), comma-separated,"
                    + " e.g. http://localhost:8081");
        }
        List<URI> urls = new ArrayList<>();
        for (String part : url.toString().split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            URI uri = URI.create(trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(URL + " entry '" + trimmed + "' is not an http:// or https:// URL");
            }
            urls.add(uri);
        }
        return new RegistrySettings(urls, authorization(config),
                Duration.ofMillis(millis(config, CONNECT_TIMEOUT_MS, 60_000)),
                Duration.ofMillis(millis(config, READ_TIMEOUT_MS, 60_000)), retries(config),
                Duration.ofMillis(millis(config, RETRIES_WAIT_MS, 1_000)),
                Duration.ofMillis(millis(config, RETRIES_MAX_WAIT_MS, 20_000)));
    }

    private static Optional<String> authorization(Map<String, ?> config) {
        Object source = config.get(CREDENTIALS_SOURCE);
        Object userInfo = config.get(USER_INFO);
        if (source == null && userInfo == null) {
            return Optional.empty();
        }
        String sourceName = source == null ? "USER_INFO" : source.toString().strip();
        if (!"USER_INFO".equals(sourceName)) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + "=" + sourceName
                    + " is not supported; use USER_INFO with " + USER_INFO + "=user:password");
        }
        if (userInfo == null || !userInfo.toString().contains(":")) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + "=USER_INFO needs " + USER_INFO
                    + "=user:password (a colon separates user and password)");
        }
        return Optional.of("Basic " + Base64.getEncoder()
                .encodeToString(userInfo.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static int retries(Map<String, ?> config) {
        Object value = config.get(MAX_RETRIES);
        if (value == null) {
            return 3;
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_RETRIES + "=" + value + " is not a whole number", e);
        }
    }

    private static long millis(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(value.toString().strip());
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a positive number of milliseconds", e);
        }
    }
}

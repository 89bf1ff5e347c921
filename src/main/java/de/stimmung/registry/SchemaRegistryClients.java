package de.stimmung.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry client for a config, shared by every serde of the process that is configured the
 * same way, so a schema registered or fetched once (at start-up, say) is cached for all of them:
 * the topology's serdes and the dead-letter handlers that Kafka Streams instantiates from config.
 *
 * <p>{@code schema.registry.url=mock://SCOPE} (Confluent's convention for tests) gives the
 * {@link InMemorySchemaRegistryClient} of that scope instead: every serde configured with the same
 * scope sees the same in-memory registry. {@link #dropMockScope} forgets one.
 */
public final class SchemaRegistryClients {

    /** URL prefix selecting an in-memory registry. */
    public static final String MOCK_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();
    private static final Map<RegistrySettings, CachedSchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    /** The shared client for {@code config} ({@link RegistrySettings} keys). */
    public static SchemaRegistryClient forConfig(Map<String, ?> config) {
        Object url = config.get(RegistrySettings.URL);
        if (url != null && url.toString().strip().startsWith(MOCK_PREFIX)) {
            return mockScope(url.toString().strip().substring(MOCK_PREFIX.length()));
        }
        return CLIENTS.computeIfAbsent(RegistrySettings.from(config), CachedSchemaRegistryClient::new);
    }

    /** The in-memory registry of a {@code mock://} scope, created on first use. */
    public static InMemorySchemaRegistryClient mockScope(String scope) {
        return MOCKS.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    public static void dropMockScope(String scope) {
        MOCKS.remove(scope);
    }
}

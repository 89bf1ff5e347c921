package de.stimmung.cli;

import de.stimmung.registry.RegistrySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options every Kafka command shares: where the cluster and its schema registry are, and any
 * client property to pass through (security and registry settings included), from the command
 * line or a properties file.
 */
final class KafkaOptions {

    /** What to add when a cluster does not answer: a secured one only answers clients with its settings. */
    static final String SECURITY_HINT = "a cluster that needs authentication or TLS only answers clients with its"
            + " settings: give them with --client-config FILE or -p KEY=VALUE (security.protocol, sasl.*, ssl.*)";

    @Option(names = {"-b", "--bootstrap-servers"}, defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers host:port[,host:port]. Default: $KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL[,URL]", defaultValue = "${env:SCHEMA_REGISTRY_URL}",
            description = "Schema registry base URL(s) (Confluent API), e.g. http://localhost:8081. Default: "
                    + "$SCHEMA_REGISTRY_URL, else schema.registry.url from -p / --client-config.")
    String schemaRegistryUrl;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka client or Streams property, e.g. -p security.protocol=SASL_SSL (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "A properties file of Kafka client settings (applied before -p).")
    Path clientConfig;

    /** The pass-through properties: the file's, then the -p ones. */
    Map<String, String> clientProperties() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (clientConfig != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(clientConfig)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        }
        all.putAll(properties);
        return all;
    }

    boolean hasCluster() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** The pass-through properties with {@code schema.registry.url} from --schema-registry-url, if given. */
    Map<String, String> clientPropertiesWithRegistry() throws IOException {
        Map<String, String> all = clientProperties();
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            all.put(RegistrySettings.URL, schemaRegistryUrl.strip());
        }
        return all;
    }

    /** Whether a schema registry is named by the option, the environment or a client property. */
    boolean hasRegistry() throws IOException {
        return namesRegistry(clientPropertiesWithRegistry());
    }

    private static boolean namesRegistry(Map<String, String> properties) {
        String url = properties.get(RegistrySettings.URL);
        return url != null && !url.isBlank();
    }

    /**
     * The client properties with a schema registry, for produce and consume.
     *
     * @throws CommandLine.ParameterException if there is no cluster or no registry
     */
    Map<String, String> requireClusterAndRegistry(CommandLine cmd) throws IOException {
        if (!hasCluster()) {
            throw new CommandLine.ParameterException(cmd, "no Kafka cluster: pass --bootstrap-servers or set "
                    + "KAFKA_BOOTSTRAP_SERVERS (serve prints the address of its embedded broker)");
        }
        Map<String, String> properties = clientPropertiesWithRegistry();
        if (!namesRegistry(properties)) {
            throw new CommandLine.ParameterException(cmd, "no schema registry: pass --schema-registry-url or set "
                    + "SCHEMA_REGISTRY_URL (serve prints the URL of its embedded registry)");
        }
        return properties;
    }
}

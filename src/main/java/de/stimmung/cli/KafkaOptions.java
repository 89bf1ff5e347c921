package de.stimmung.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Options every Kafka command shares: where the cluster is and any client property to pass
 * through (security settings included), from the command line or a properties file.
 */
final class KafkaOptions {

    @Option(names = {"-b", "--bootstrap-servers"}, defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers host:port[,host:port]. Default: $KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

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
}

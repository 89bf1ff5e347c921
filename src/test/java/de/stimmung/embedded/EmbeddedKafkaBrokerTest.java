package de.stimmung.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Integration tests against a real in-process KRaft broker: plain clients, transactions, Streams EOS, kcat. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaBrokerTest {

    private EmbeddedKafkaBroker broker;
    private TopicSetup topics;

    @BeforeAll
    void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        topics = new TopicSetup(broker.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT);
        System.out.printf("embedded broker cold start to ready: %d ms at %s%n", broker.startupTime().toMillis(),
                broker.bootstrapServers());
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @Test
    void bootstrapServersIsLoopbackHostAndPort() {
        assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());
        assertEquals(Optional.empty(), broker.fatalError());
    }

    @Test
    void plainProducerAndConsumerRoundTripThroughTheBroker() throws Exception {
        String topic = newTopic(3);
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            sent.put("k" + i, "Äußerung " + i);
        }
        RoundTrip.produce(broker.bootstrapServers(), topic, sent);

        List<ConsumerRecord<String, String>> received = RoundTrip.consume(broker.bootstrapServers(), topic, 20,
                "read_uncommitted");

        assertEquals(sent, RoundTrip.asMap(received));
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = newTopic(1);
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = RoundTrip.producer(broker.bootstrapServers(), transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed"));
            producer.send(new ProducerRecord<>(topic, "b", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "x", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> committed = RoundTrip.consume(broker.bootstrapServers(), topic, 3,
                "read_committed");
        List<ConsumerRecord<String, String>> everything = RoundTrip.consume(broker.bootstrapServers(), topic, 4,
                "read_uncommitted");

        assertEquals(List.of("a", "b", "c"), committed.stream().map(ConsumerRecord::key).toList());
        assertEquals(List.of("a", "b", "x", "c"), everything.stream().map(ConsumerRecord::key).toList(),
                "read_uncommitted also sees the aborted record, so the transaction really was aborted");
    }

    @Test
    void exactlyOnceStreamsAppUppercasesEveryRecord() throws Exception {
        String input = newTopic(2);
        String output = newTopic(2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(Locale.GERMAN))
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "uppercase-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        long started = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            RoundTrip.produce(broker.bootstrapServers(), input, Map.of("1", "straße", "2", "grün", "3", "wütend"));
            List<ConsumerRecord<String, String>> out = RoundTrip.consume(broker.bootstrapServers(), output, 3,
                    "read_committed");
            System.out.printf("exactly-once Streams round trip: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertEquals(Map.of("1", "STRASSE", "2", "GRÜN", "3", "WÜTEND"), RoundTrip.asMap(out));
            streams.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void independentKcatClientReadsTheBrokersMetadata() throws Exception {
        Optional<Path> kcat = onPath("kcat");
        assumeTrue(kcat.isPresent(), "kcat is not installed (Debian: apt-get install -y kcat); "
                + "skipping the check with an independent (librdkafka) client");
        String topic = newTopic(2);

        Process process = new ProcessBuilder(kcat.get().toString(), "-b", broker.bootstrapServers(), "-L", "-m", "10")
                .redirectErrorStream(true).start();
        boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }

        assertTrue(finished, "kcat did not finish within 30 s: " + listing);
        assertEquals(0, process.exitValue(), listing);
        assertTrue(listing.contains("1 brokers:"), listing);
        assertTrue(listing.contains("broker 1 at " + broker.bootstrapServers()), listing);
        assertTrue(listing.contains("topic \"" + topic + "\" with 2 partitions"), listing);
    }

    @Test
    void brokerRestartedOnTheSameDirectoryStillHasItsTopicsAndRecords(@TempDir Path data) throws Exception {
        BrokerSettings settings = BrokerSettings.defaults().withDataDirectory(data);
        int port;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(settings)) {
            port = Integer.parseInt(first.bootstrapServers().split(":")[1]);
            new TopicSetup(first.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT).ensure(
                    List.of(TopicSpec.of("survivors", 1, 1)));
            RoundTrip.produce(first.bootstrapServers(), "survivors", Map.of("id", "before restart"));
        }
        assertTrue(Files.exists(data.resolve("meta.properties")), "a given data directory is kept on close");

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(settings.withPort(port))) {
            System.out.printf("embedded broker warm restart to ready: %d ms%n", second.startupTime().toMillis());
            List<String> created = new TopicSetup(second.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT)
                    .ensure(List.of(TopicSpec.of("survivors", 1, 1)));
            List<ConsumerRecord<String, String>> records = RoundTrip.consume(second.bootstrapServers(), "survivors",
                    1, "read_committed");

            assertEquals(List.of(), created, "the topic survived the restart");
            assertEquals(Map.of("id", "before restart"), RoundTrip.asMap(records));
        }
    }

    @Test
    void temporaryDataDirectoryIsDeletedOnClose() throws IOException {
        Path data;
        try (EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.start()) {
            data = temporary.dataDirectory();
            assertTrue(Files.isDirectory(data));
        }
        assertFalse(Files.exists(data), data + " should be gone");
    }

    @Test
    void portAlreadyTakenFailsWithAMessageThatNamesThePortAndTheFix() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BrokerSettings settings = BrokerSettings.defaults().withPort(taken.getLocalPort())
                    .withReadyTimeout(Duration.ofSeconds(20));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedKafkaBroker.start(settings).close());
            System.out.println("port taken: " + e.getMessage());

            assertTrue(e.getMessage().contains("port " + taken.getLocalPort())
                    && e.getMessage().contains("Address already in use")
                    && e.getMessage().contains("if the port is taken choose another"), e.getMessage());
        }
    }

    private String newTopic(int partitions) {
        String name = "t-" + UUID.randomUUID();
        topics.ensure(List.of(TopicSpec.of(name, partitions, 1)));
        return name;
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}

package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.EmotionEvent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedSchemaRegistryClientTest {

    private FakeRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeRegistryServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String closedPortUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** A client that does not retry: failures surface at once. */
    private CachedSchemaRegistryClient client(String urls) {
        return CachedSchemaRegistryClient.fromConfig(Map.of(RegistrySettings.URL, urls, RegistrySettings.MAX_RETRIES, "0"));
    }

    private CachedSchemaRegistryClient retrying(String urls, int retries) {
        return CachedSchemaRegistryClient.fromConfig(Map.of(RegistrySettings.URL, urls,
                RegistrySettings.MAX_RETRIES, String.valueOf(retries), RegistrySettings.RETRIES_WAIT_MS, "50",
                RegistrySettings.RETRIES_MAX_WAIT_MS, "200"));
    }

    @Test
    void transientFailuresAreRetriedAndTheRequestThenSucceeds() {
        server.failNext(2, 503);

        int id = retrying(server.url(), 3).register("speech-value", AudioChunk.SCHEMA$);

        assertEquals(AudioChunk.SCHEMA$, client(server.url()).getById(id));
        assertEquals(List.of("POST /subjects/speech-value/versions", "POST /subjects/speech-value/versions",
                "POST /subjects/speech-value/versions", "GET /schemas/ids/" + id), server.requests);
    }

    @Test
    void retriesStopAfterMaxRetriesWithTheLastAnswer() {
        server.failNext(10, 503);

        var e = assertThrows(SchemaRegistryException.class, () -> retrying(server.url(), 2).getById(1));

        assertEquals(503, e.status());
        assertEquals(3, server.requests.size(), "one request and two retries");
    }

    @Test
    void afterTheRetriesAreUsedUpLaterRequestsTryOnceUntilTheRegistryAnswersAgain() {
        var client = retrying(server.url(), 2);
        server.failNext(100, 503);
        assertThrows(SchemaRegistryException.class, () -> client.getById(1));
        assertEquals(3, server.requests.size(), "the first request: one try and two retries");

        assertThrows(SchemaRegistryException.class, () -> client.getById(2));
        assertEquals(4, server.requests.size(), "the registry is known to be down: one try");

        server.failNext(0, 503);
        int id = client.register("speech-value", AudioChunk.SCHEMA$);
        assertEquals(5, server.requests.size());
        server.failNext(1, 503);
        assertEquals(id, client.latest("speech-value").id(), "a registry that answered again gets its retries back");
        assertEquals(7, server.requests.size(), "one failed try and its retry");
    }

    @Test
    void aViewWithOtherRetriesSharesTheCaches() {
        var client = retrying(server.url(), 5);
        var quick = client.withRetries(0, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1));

        int id = quick.register("speech-value", AudioChunk.SCHEMA$);

        assertEquals(id, client.register("speech-value", AudioChunk.SCHEMA$));
        assertEquals(AudioChunk.SCHEMA$, client.getById(id));
        assertEquals(1, server.requests.size(), "what the view learnt, the client knows");
        server.failNext(1, 503);
        assertThrows(SchemaRegistryException.class, () -> quick.getById(99), "the view does not retry");
    }

    @Test
    void definiteAnswersAreNotRetried() {
        var e = assertThrows(SchemaRegistryException.class, () -> retrying(server.url(), 5).getById(99));

        assertEquals(404, e.status());
        assertEquals(1, server.requests.size());
    }

    @Test
    void aRegistryThatComesUpWhileTheClientWaitsIsUsed() throws Exception {
        String url = closedPortUrl();
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        var later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        var started = later.schedule(() -> new FakeRegistryServer(port), 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            int id = retrying(url, 8).register("speech-value", AudioChunk.SCHEMA$);

            assertEquals(1, id);
            assertEquals(List.of("POST /subjects/speech-value/versions"), started.get().requests);
        } finally {
            started.get().close();
            later.shutdown();
        }
    }

    @Test
    void backoffDoublesFromTheFirstWaitUpToTheCap() {
        RegistrySettings s = RegistrySettings.from(Map.of(RegistrySettings.URL, "http://x:1",
                RegistrySettings.RETRIES_WAIT_MS, "100", RegistrySettings.RETRIES_MAX_WAIT_MS, "700"));

        assertEquals(List.of(100L, 200L, 400L, 700L, 700L), java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(s::backoff).map(java.time.Duration::toMillis).toList());
        assertEquals(3, s.maxRetries(), "Confluent's default");
        var bad = assertThrows(IllegalArgumentException.class, () -> RegistrySettings.from(
                Map.of(RegistrySettings.URL, "http://x:1", RegistrySettings.MAX_RETRIES, "many")));
        assertTrue(bad.getMessage().contains("max.retries=many"), bad.getMessage());
    }

    @Test
    void registrationAndIdsAreCachedSoTheRegistryIsAskedOncePerSchemaAndId() {
        CachedSchemaRegistryClient client = client(server.url());

        int id = client.register("speech-value", AudioChunk.SCHEMA$);
        assertEquals(id, client.register("speech-value", AudioChunk.SCHEMA$));
        assertEquals(AudioChunk.SCHEMA$, client.getById(id));
        assertEquals(List.of("POST /subjects/speech-value/versions"), server.requests);

        CachedSchemaRegistryClient reader = client(server.url());
        assertEquals(AudioChunk.SCHEMA$, reader.getById(id));
        assertEquals(AudioChunk.SCHEMA$, reader.getById(id));
        assertEquals(id, reader.idOf("speech-value", AudioChunk.SCHEMA$));
        assertEquals(List.of("POST /subjects/speech-value/versions", "GET /schemas/ids/" + id,
                "POST /subjects/speech-value"), server.requests);
    }

    @Test
    void serdeHotPathCallsTheRegistryOnceForAThousandRecords() {
        var writer = RegistryAvroSerde.of(AudioChunk.class, client(server.url()), Map.of(), false);
        var reader = RegistryAvroSerde.of(AudioChunk.class, client(server.url()), Map.of(), false);

        for (int i = 0; i < 1000; i++) {
            assertEquals(Schemas.chunk(), reader.deserialize("speech", writer.serialize("speech", Schemas.chunk())));
        }

        assertEquals(List.of("POST /subjects/speech-value/versions", "GET /schemas/ids/1"), server.requests);
    }

    @Test
    void latestReturnsIdVersionAndSchema() {
        CachedSchemaRegistryClient client = client(server.url());
        client.register("speech-value", Schemas.audioChunkWithoutEndOfCall());
        int id = client.register("speech-value", AudioChunk.SCHEMA$);

        RegisteredSchema latest = client.latest("speech-value");

        assertEquals(new RegisteredSchema(id, 2, AudioChunk.SCHEMA$), latest);
    }

    @Test
    void unreachableFirstUrlFailsOverToTheNext() throws Exception {
        String dead = closedPortUrl();
        CachedSchemaRegistryClient client = client(dead + ", " + server.url() + "/");

        int id = client.register("speech-value", AudioChunk.SCHEMA$);

        assertEquals(AudioChunk.SCHEMA$, client.getById(id));
        assertEquals(1, server.requests.size());
    }

    @Test
    void noReachableUrlIsAnUnreachableErrorNamingEveryUrl() throws Exception {
        String first = closedPortUrl();
        String second = closedPortUrl();

        var e = assertThrows(SchemaRegistryException.class, () -> client(first + "," + second).getById(1));

        assertTrue(e.isUnreachable());
        assertTrue(e.getMessage().contains(first) && e.getMessage().contains(second), e.getMessage());
    }

    @Test
    void userInfoCredentialsAreSentAsBasicAuth() {
        CachedSchemaRegistryClient client = CachedSchemaRegistryClient.fromConfig(Map.of(RegistrySettings.URL,
                server.url(), RegistrySettings.CREDENTIALS_SOURCE, "USER_INFO", RegistrySettings.USER_INFO,
                "stimmung:geheim:ß"));

        client.register("speech-value", AudioChunk.SCHEMA$);

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("stimmung:geheim:ß".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), server.authorizations);
    }

    @Test
    void withoutCredentialsNoAuthorizationHeaderIsSent() {
        client(server.url()).register("speech-value", AudioChunk.SCHEMA$);
        assertEquals(List.of("null"), server.authorizations);
    }

    @Test
    void unsupportedCredentialsSourceIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> RegistrySettings.from(Map.of(RegistrySettings.URL,
                server.url(), RegistrySettings.CREDENTIALS_SOURCE, "SASL_INHERIT")));
        assertTrue(e.getMessage().contains("USER_INFO"), e.getMessage());
    }

    @Test
    void incompatibleSchemaErrorCarriesStatusErrorCodeAndTheRegistryMessage() {
        CachedSchemaRegistryClient client = client(server.url());
        client.register("speech-value", AudioChunk.SCHEMA$);

        var e = assertThrows(SchemaRegistryException.class,
                () -> client.register("speech-value", Schemas.audioChunkWithSpeakerAge(false)));

        assertEquals(409, e.status());
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().startsWith("registry " + server.url() + " rejected")
                && e.getMessage().contains("subject speech-value: 409 (error 409)")
                && e.getMessage().contains("incompatible"), e.getMessage());
    }

    @Test
    void unknownIdAndSubjectAre404WithConfluentErrorCodes() {
        CachedSchemaRegistryClient client = client(server.url());

        var id = assertThrows(SchemaRegistryException.class, () -> client.getById(99));
        var subject = assertThrows(SchemaRegistryException.class, () -> client.latest("nirgendwo-value"));
        client.register("speech-value", AudioChunk.SCHEMA$);
        var schema = assertThrows(SchemaRegistryException.class, () -> client.idOf("speech-value", EmotionEvent.SCHEMA$));

        assertEquals(List.of(404, 40403), List.of(id.status(), id.errorCode()));
        assertEquals(List.of(404, 40401), List.of(subject.status(), subject.errorCode()));
        assertEquals(List.of(404, 40403), List.of(schema.status(), schema.errorCode()));
        assertTrue(id.isNotFound() && id.getMessage().contains("schema id 99"), id.getMessage());
    }

    @Test
    void missingOrBadUrlIsAConfigurationError() {
        var missing = assertThrows(IllegalArgumentException.class, () -> RegistrySettings.from(Map.of()));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> RegistrySettings.from(Map.of(RegistrySettings.URL, "localhost:8081")));
        assertTrue(missing.getMessage().contains("schema.registry.url"), missing.getMessage());
        assertTrue(bad.getMessage().contains("http://"), bad.getMessage());
    }
}

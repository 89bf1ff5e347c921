package de.stimmung.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/**
 * A loopback HTTP server answering the four Confluent endpoints the client uses, backed by an
 * {@link InMemorySchemaRegistryClient}; counts requests and records their Authorization headers.
 * A fake for client unit tests only, not a registry.
 */
final class FakeRegistryServer implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int failureStatus;

    FakeRegistryServer() throws IOException {
        this(0);
    }

    FakeRegistryServer(int port) throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    /** An HTTPS registry presenting the certificate of {@code tls}. */
    FakeRegistryServer(javax.net.ssl.SSLContext tls) throws IOException {
        this(httpsServer(tls));
    }

    private FakeRegistryServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    private static HttpServer httpsServer(javax.net.ssl.SSLContext tls) throws IOException {
        var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        return https;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next {@code count} requests with {@code status} (a registry in trouble). */
    void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String[] parts = path.split("/");
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, failureStatus, json.createObjectNode().put("error_code", failureStatus * 100 + 1)
                    .put("message", "store unavailable").toString());
            return;
        }
        try {
            String answer;
            if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
                answer = json.createObjectNode().put("schema", registry.getById(Integer.parseInt(parts[3])).toString())
                        .toString();
            } else if (method.equals("GET") && path.endsWith("/versions/latest")) {
                RegisteredSchema latest = registry.latest(parts[2]);
                answer = json.createObjectNode().put("id", latest.id()).put("version", latest.version())
                        .put("subject", parts[2]).put("schema", latest.schema().toString()).toString();
            } else if (method.equals("POST") && parts.length == 4 && parts[3].equals("versions")) {
                answer = json.createObjectNode().put("id", registry.register(parts[2], bodySchema(exchange))).toString();
            } else if (method.equals("POST") && parts.length == 3) {
                Schema schema = bodySchema(exchange);
                answer = json.createObjectNode().put("id", registry.idOf(parts[2], schema))
                        .put("version", registry.versionOf(parts[2], schema)).toString();
            } else {
                send(exchange, 404, json.createObjectNode().put("error_code", 404).put("message", "HTTP 404 Not Found")
                        .toString());
                return;
            }
            send(exchange, 200, answer);
        } catch (SchemaRegistryException e) {
            send(exchange, e.status(), json.createObjectNode().put("error_code", e.errorCode())
                    .put("message", e.getMessage()).toString());
        }
    }

    private Schema bodySchema(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        return new Schema.Parser().parse(body.get("schema").asText());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

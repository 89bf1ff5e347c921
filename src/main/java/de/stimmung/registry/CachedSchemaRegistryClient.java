package de.stimmung.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistryClient} speaking Confluent's REST API over HTTP(S), as served by
 * Confluent Schema Registry and by Apicurio Registry's {@code /apis/ccompat/v7}. Ids by schema and
 * schemas by id are cached for the life of the client, so a serde's hot path asks the registry at
 * most once per subject and schema and once per id; {@link #latest} is not cached (it is meant to
 * change). A URL that cannot be connected to is skipped for the next one in
 * {@link RegistrySettings#urls()}. When no URL answers, or the registry answers 5xx, 408 or 429,
 * the request is repeated after a doubling wait ({@link RegistrySettings#maxRetries()} times) —
 * so a registry that restarts is ridden out; any other error answer (404, 409, 422...) is final.
 * After a request has used up its retries, later requests try once until the registry answers
 * again, so a long outage costs one retry budget rather than one per request.
 * Requests happen outside the caches' locks: a slow registry never blocks cached lookups.
 * Thread-safe.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(CachedSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    private final RegistrySettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<SubjectSchema, Integer> idBySubjectSchema;
    private final Map<Integer, Schema> schemaById;

    private record SubjectSchema(String subject, Schema schema) {}

    /** Whether the last request failed transiently through all its retries (reset by any answer). */
    private volatile boolean retriesExhausted;

    public CachedSchemaRegistryClient(RegistrySettings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private CachedSchemaRegistryClient(RegistrySettings settings, HttpClient http,
            Map<SubjectSchema, Integer> idBySubjectSchema, Map<Integer, Schema> schemaById) {
        this.settings = settings;
        this.http = http;
        this.idBySubjectSchema = idBySubjectSchema;
        this.schemaById = schemaById;
    }

    /**
     * This client with other retry limits, sharing its caches: what one learns the other knows
     * (the service registers its schemas at start-up through a quickly failing view of the client
     * its serdes use).
     */
    @Override
    public CachedSchemaRegistryClient withRetries(int retries, java.time.Duration wait, java.time.Duration maxWait) {
        return new CachedSchemaRegistryClient(settings.withRetries(retries, wait, maxWait), http, idBySubjectSchema,
                schemaById);
    }

    /** A client configured from Kafka-style config keys (see {@link RegistrySettings}). */
    public static CachedSchemaRegistryClient fromConfig(Map<String, ?> config) {
        return new CachedSchemaRegistryClient(RegistrySettings.from(config));
    }

    @Override
    public int register(String subject, Schema schema) {
        return idFor(subject, schema, "POST", "/subjects/" + encode(subject) + "/versions",
                "register the schema for subject " + subject);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idFor(subject, schema, "POST", "/subjects/" + encode(subject), "look up the schema under subject " + subject);
    }

    private int idFor(String subject, Schema schema, String method, String path, String what) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = field(call(method, path, schemaBody(schema), what), "id").asInt();
        schemaById.putIfAbsent(id, schema);
        idBySubjectSchema.putIfAbsent(key, id);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        Schema schema = parse(field(answer, "schema").asText(), "schema id " + id);
        Schema raced = schemaById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                "fetch the latest schema of subject " + subject);
        int id = field(answer, "id").asInt();
        Schema schema = schemaById.computeIfAbsent(id,
                key -> parse(field(answer, "schema").asText(), "latest schema of subject " + subject));
        return new RegisteredSchema(id, field(answer, "version").asInt(), schema);
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    /**
     * {@link #callOnce}, repeated with a doubling wait while no registry answers or it answers with
     * a transient failure (5xx, 408, 429).
     */
    private JsonNode call(String method, String path, String body, String what) {
        // once a request has used up its retries, later ones try once until the registry answers again:
        // a long outage costs one retry budget, not one per record
        int retries = retriesExhausted ? 0 : settings.maxRetries();
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode answer = callOnce(method, path, body, what);
                retriesExhausted = false;
                return answer;
            } catch (SchemaRegistryException e) {
                if (!isTransient(e)) {
                    retriesExhausted = false;
                    throw e;
                }
                if (attempt > retries) {
                    retriesExhausted = true;
                    throw e;
                }
                java.time.Duration wait = settings.backoff(attempt);
                LOG.warn("schema registry request failed (try {} of {}), again in {} ms: {}", attempt,
                        settings.maxRetries() + 1, wait.toMillis(), e.getMessage());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isTransient(SchemaRegistryException e) {
        return e.isUnreachable() || e.status() >= 500 || e.status() == 408 || e.status() == 429;
    }

    /**
     * Sends the request to each URL in turn until one answers; returns the parsed 2xx body or throws
     * a {@link SchemaRegistryException} naming the answering URL, the status, error code and message.
     */
    private JsonNode callOnce(String method, String path, String body, String what) {
        List<String> failures = new ArrayList<>();
        for (URI base : settings.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(settings.requestTimeout()).header("Accept", ACCEPT);
            settings.authorization().ifPresent(value -> request.header("Authorization", value));
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failures.add(base + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while trying to " + what + " at " + base, 0, 0, e);
            }
            return answer(base, response, what);
        }
        throw new SchemaRegistryException("no schema registry reachable to " + what + "; tried "
                + String.join(", ", failures) + "; check " + RegistrySettings.URL, 0, 0);
    }

    private JsonNode answer(URI base, HttpResponse<String> response, String what) {
        int status = response.statusCode();
        JsonNode parsed;
        try {
            parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            parsed = null;
        }
        if (status / 100 == 2 && parsed != null) {
            return parsed;
        }
        int errorCode = parsed != null && parsed.has("error_code") ? parsed.get("error_code").asInt() : 0;
        String message = parsed != null && parsed.has("message") ? parsed.get("message").asText()
                : abbreviate(response.body());
        String verb = status == 409 || status == 422 ? "rejected the request to " : "failed to ";
        throw new SchemaRegistryException("registry " + base + " " + verb + what + ": " + status
                + (errorCode != 0 ? " (error " + errorCode + ")" : "") + " " + message, status, errorCode);
    }

    private static JsonNode field(JsonNode answer, String name) {
        JsonNode value = answer.get(name);
        if (value == null || value.isNull()) {
            throw new SchemaRegistryException("registry answer lacks \"" + name + "\": " + abbreviate(answer.toString()),
                    200, 0);
        }
        return value;
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("registry returned an unparseable Avro schema for " + what + ": "
                    + e.getMessage(), 200, 0, e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}

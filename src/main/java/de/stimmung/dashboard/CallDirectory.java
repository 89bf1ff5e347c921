package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.state.CallView;
import de.stimmung.stream.monitor.MonitorTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the call views through Kafka Streams interactive queries. With several instances (each
 * with {@code application.server} set to its dashboard's host:port) a call lives in the store of
 * the instance that owns its partition: the snapshot asks every instance for its local calls
 * ({@code ?scope=local}), a call's detail is fetched from its owner. Without
 * {@code application.server} only this instance's store is read. Thread-safe.
 */
final class CallDirectory {

    /** The store is not queryable now (rebalancing, starting): the request may be repeated shortly. */
    static final class NotQueryableException extends RuntimeException {
        NotQueryableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final CallJson json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param self this instance's {@code application.server}, or null for a single instance */
    CallDirectory(KafkaStreams streams, HostInfo self, CallJson json) {
        this.streams = streams;
        this.self = self;
        this.json = json;
    }

    private ReadOnlyKeyValueStore<String, CallView> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(MonitorTopology.CALL_VIEW_STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw notQueryable(e);
        }
    }

    private NotQueryableException notQueryable(InvalidStateStoreException e) {
        return new NotQueryableException("the call store is not queryable now (stream " + streams.state() + ": "
                + e.getMessage() + "); retry in a moment", e);
    }

    /** This instance's calls. */
    ArrayNode localSummaries() {
        ArrayNode calls = json.mapper().createArrayNode();
        try (KeyValueIterator<String, CallView> it = store().all()) {
            it.forEachRemaining(kv -> calls.add(json.summary(kv.value)));
        } catch (InvalidStateStoreException e) {
            throw notQueryable(e);
        }
        return calls;
    }

    /** Every instance's calls (each once: a partition has one active owner). */
    ObjectNode snapshot() throws IOException, InterruptedException {
        ObjectNode n = json.mapper().createObjectNode();
        ArrayNode calls = n.putArray("calls");
        ArrayNode instances = n.putArray("instances");
        calls.addAll(localSummaries());
        instances.add(self == null ? "local" : self.host() + ":" + self.port());
        if (self != null) {
            for (StreamsMetadata m : streams.streamsMetadataForStore(MonitorTopology.CALL_VIEW_STORE)) {
                HostInfo h = m.hostInfo();
                if (!h.equals(self) && h.port() > 0) {
                    JsonNode remote = get(h, "/api/calls?scope=local");
                    calls.addAll((ArrayNode) remote.get("calls"));
                    instances.add(h.host() + ":" + h.port());
                }
            }
        }
        return n;
    }

    /** One call with its timeline, from the instance that owns it; empty if no instance knows it. */
    Optional<JsonNode> detail(String callId, boolean localOnly) throws IOException, InterruptedException {
        if (!localOnly && self != null) {
            KeyQueryMetadata md = streams.queryMetadataForKey(MonitorTopology.CALL_VIEW_STORE, callId,
                    Serdes.String().serializer());
            HostInfo owner = md == null ? null : md.activeHost();
            if (owner != null && owner.port() > 0 && !owner.equals(self)) {
                JsonNode remote = get(owner, "/api/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8)
                        .replace("+", "%20") + "?scope=local");
                return remote.isNull() ? Optional.empty() : Optional.of(remote);
            }
        }
        try {
            return Optional.ofNullable(store().get(callId)).map(json::detail);
        } catch (InvalidStateStoreException e) {
            throw notQueryable(e);
        }
    }

    private JsonNode get(HostInfo h, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + h.host() + ":" + h.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503) {
            throw new NotQueryableException("the instance at " + h.host() + ":" + h.port() + " is not queryable now: "
                    + r.body(), null);
        }
        if (r.statusCode() == 404) {
            return json.mapper().nullNode();
        }
        if (r.statusCode() != 200) {
            throw new IOException("the instance at " + h.host() + ":" + h.port() + " answered " + r.statusCode()
                    + " to " + pathAndQuery + ": " + r.body());
        }
        return json.mapper().readTree(r.body());
    }
}

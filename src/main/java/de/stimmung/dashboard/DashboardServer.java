package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.stimmung.stream.StreamConfig;
import de.stimmung.stream.monitor.MonitorSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor dashboard, served by the service itself on the JDK's {@code HttpServer} (no
 * dependency, enough for a page, a JSON API and Server-Sent Events; given a thread pool so open
 * event streams do not block other requests). {@link #bind} opens the port first (so its address
 * can be the Streams {@code application.server}), {@link #attach} connects it to the running
 * service. Endpoints: {@code GET /}, {@code /static/*}, {@code /health}, {@code /metrics},
 * {@code /api/calls}, {@code /api/calls/{id}}, {@code /api/stream}, {@code POST /api/alerts/{id}/ack}.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final DashboardSettings settings;
    private final HttpServer server;
    private final ExecutorService threads;
    private final StaticFiles files = new StaticFiles();
    private final DashboardMetrics metrics = new DashboardMetrics();
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Attached attached;

    private record Attached(KafkaStreams streams, CallDirectory calls, LiveFeed feed, EventStream stream,
            AlertAcknowledgements acks) {
    }

    private DashboardServer(DashboardSettings settings, HttpServer server, ExecutorService threads) {
        this.settings = settings;
        this.server = server;
        this.threads = threads;
    }

    /**
     * Listens on the settings' address; until {@link #attach} only the page and {@code /health}
     * (503) answer.
     *
     * @throws IOException if the address is taken (the message names it and the option to change)
     */
    public static DashboardServer bind(DashboardSettings settings) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindHost(), settings.port()), 128);
        } catch (java.net.BindException e) {
            throw new IOException("the dashboard cannot listen on " + settings.bindHost() + ":" + settings.port() + " ("
                    + e.getMessage() + "); choose another --http-port (0 = any free port) or --no-http", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stimmung-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        DashboardServer d = new DashboardServer(settings, server, threads);
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The address it listens on (the actual port if 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://HOST:PORT/} of the page. */
    public String url() {
        return "http://" + hostPort() + "/";
    }

    /** host:port as other instances reach it: the value for Kafka Streams' {@code application.server}. */
    public String hostPort() {
        String host = settings.bindHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return host + ":" + address().getPort();
    }

    /**
     * Connects the dashboard to a started service: interactive queries on {@code streams}, a live
     * feed and the acknowledgement producer on the cluster.
     *
     * @param applicationServer this instance's {@code application.server} (routing between instances), or null
     */
    public void attach(KafkaStreams streams, String bootstrap, StreamConfig config, MonitorSettings monitor,
            String applicationServer) {
        CallJson json = new CallJson(mapper, monitor.rule().watched(), settings.sparklinePoints());
        HostInfo self = applicationServer == null ? null : HostInfo.buildFromEndpoint(applicationServer);
        Map<String, Object> serdeConfig = config.serdeConfig();
        LiveFeed feed = new LiveFeed(bootstrap, clientProperties(config, ConsumerConfig.configNames()), serdeConfig,
                config.eventsTopic(), monitor.alertsTopic(), config.deadLetterTopic(), json, metrics, settings);
        AlertAcknowledgements acks = new AlertAcknowledgements(bootstrap,
                clientProperties(config, ProducerConfig.configNames()), serdeConfig, monitor.acksTopic());
        feed.start();
        metrics.bind(streams);
        attached = new Attached(streams, new CallDirectory(streams, self, json), feed,
                new EventStream(feed, settings, metrics), acks);
    }

    private static Map<String, String> clientProperties(StreamConfig config, java.util.Set<String> known) {
        Map<String, String> m = new java.util.HashMap<>();
        config.streamsOverrides().forEach((k, v) -> {
            if (known.contains(k) && !k.equals(ConsumerConfig.GROUP_ID_CONFIG) && !k.equals(ConsumerConfig.CLIENT_ID_CONFIG)) {
                m.put(k, v);
            }
        });
        return m;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (AnsweredException e) {
            // the answer is sent
        } catch (CallDirectory.NotQueryableException e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            Exchanges.error(ex, 503, e.getMessage());
        } catch (IllegalArgumentException e) {
            Exchanges.error(ex, 400, e.getMessage());
        } catch (Exception e) {
            LOG.warn("dashboard request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            Exchanges.error(ex, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/") || path.startsWith("/static/")) {
            requireMethod(read, ex);
            files.serve(ex, path);
            return;
        }
        if (path.equals("/health")) {
            requireMethod(read, ex);
            health(ex);
            return;
        }
        Attached a = attached;
        if (a == null) {
            Exchanges.error(ex, 503, "the service is starting; retry in a moment");
            return;
        }
        boolean local = "local".equals(Exchanges.query(ex).get("scope"));
        if (path.equals("/metrics")) {
            requireMethod(read, ex);
            Exchanges.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/calls")) {
            requireMethod(read, ex);
            ObjectNode body;
            if (local) {
                body = mapper.createObjectNode();
                body.set("calls", a.calls().localSummaries());
            } else {
                body = a.calls().snapshot();
            }
            body.put("nowMs", System.currentTimeMillis());
            Exchanges.json(ex, 200, mapper.writeValueAsString(body));
        } else if (path.startsWith("/api/calls/")) {
            requireMethod(read, ex);
            String id = URLDecoder.decode(path.substring("/api/calls/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            Optional<JsonNode> call = a.calls().detail(id, local);
            if (call.isEmpty()) {
                Exchanges.error(ex, 404, "no call " + id + " (unknown, or forgotten after the history retention)");
            } else {
                Exchanges.json(ex, 200, mapper.writeValueAsString(call.get()));
            }
        } else if (path.equals("/api/stream")) {
            requireMethod(read, ex);
            a.stream().serve(ex);
        } else if (path.startsWith("/api/alerts/") && path.endsWith("/ack")) {
            if (!method.equals("POST")) {
                methodNotAllowed(ex, "POST");
                return;
            }
            acknowledge(ex, a, path);
        } else {
            Exchanges.error(ex, 404, "no such endpoint: " + path);
        }
    }

    private void acknowledge(HttpExchange ex, Attached a, String path) throws Exception {
        String alertId = URLDecoder.decode(path.substring("/api/alerts/".length(), path.length() - "/ack".length())
                .replace("+", "%2B"), StandardCharsets.UTF_8);
        byte[] body = ex.getRequestBody().readNBytes(4096);
        String by = "supervisor";
        if (body.length > 0) {
            JsonNode n = mapper.readTree(body);
            if (n != null && n.hasNonNull("by") && !n.get("by").asText().isBlank()) {
                by = n.get("by").asText();
            }
        }
        a.acks().acknowledge(alertId, by);
        ObjectNode r = mapper.createObjectNode();
        r.put("alertId", alertId);
        r.put("acknowledgedBy", by);
        r.put("status", "accepted");
        Exchanges.json(ex, 202, mapper.writeValueAsString(r));
    }

    private void health(HttpExchange ex) throws IOException {
        Attached a = attached;
        KafkaStreams.State state = a == null ? null : a.streams().state();
        boolean up = state != null && state.isRunningOrRebalancing();
        ObjectNode n = mapper.createObjectNode();
        n.put("status", up ? "UP" : "DOWN");
        n.put("stream", state == null ? "NOT_STARTED" : state.name());
        Exchanges.json(ex, up ? 200 : 503, mapper.writeValueAsString(n));
    }

    private static void requireMethod(boolean ok, HttpExchange ex) throws IOException {
        if (!ok) {
            methodNotAllowed(ex, "GET, HEAD");
            throw new AnsweredException();
        }
    }

    private static void methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        Exchanges.error(ex, 405, "method " + ex.getRequestMethod() + " not allowed; use " + allowed);
    }

    /** Thrown after an error answer was sent, to end the routing. */
    private static final class AnsweredException extends RuntimeException {
        AnsweredException() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        Attached a = attached;
        if (a != null) {
            a.feed().close();
            a.acks().close();
        }
        metrics.close();
        threads.shutdownNow();
    }
}

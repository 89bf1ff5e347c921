package de.stimmung.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/stream}: Server-Sent Events from the {@link LiveFeed} on one connection
 * (events {@code utterance}, {@code alert}, {@code dead-letter}, {@code reset}), a {@code :}
 * comment first (so the browser's {@code onopen} fires) and as a heartbeat when idle, every
 * message with an {@code id:} for {@code Last-Event-ID} resumes. Holds one server thread per
 * connection until the client goes away or falls too far behind.
 */
final class EventStream {

    private final LiveFeed feed;
    private final DashboardSettings settings;
    private final DashboardMetrics metrics;

    EventStream(LiveFeed feed, DashboardSettings settings, DashboardMetrics metrics) {
        this.feed = feed;
        this.settings = settings;
        this.metrics = metrics;
    }

    void serve(HttpExchange ex) throws IOException, InterruptedException {
        if (!feed.awaitPositioned(Duration.ofSeconds(30))) { // "connected" then means: every event from now on comes
            Exchanges.error(ex, 503, "the live feed has not reached the topics yet; retry in a moment");
            return;
        }
        String lastEventId = ex.getRequestHeaders().getFirst("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = Exchanges.query(ex).get("lastEventId"); // for clients that cannot set headers
        }
        LiveFeed.Subscription sub = feed.subscribe(lastEventId);
        metrics.streamClients().incrementAndGet();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            write(out, ": connected " + feed.currentId() + "\nretry: 2000\n\n");
            long heartbeatMs = settings.heartbeat().toMillis();
            while (!sub.overflowed()) {
                LiveFeed.Message m = sub.queue().poll(heartbeatMs, TimeUnit.MILLISECONDS);
                if (m == null) {
                    write(out, ": heartbeat\n\n");
                    continue;
                }
                StringBuilder b = new StringBuilder(m.data().length() + 64);
                b.append("id: ").append(m.id()).append("\nevent: ").append(m.event()).append("\ndata: ").append(m.data())
                        .append("\n\n");
                for (LiveFeed.Message more; (more = sub.queue().poll()) != null;) { // batch what is queued already
                    b.append("id: ").append(more.id()).append("\nevent: ").append(more.event()).append("\ndata: ")
                            .append(more.data()).append("\n\n");
                }
                write(out, b.toString());
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unsubscribe(sub);
            metrics.streamClients().decrementAndGet();
            ex.close();
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

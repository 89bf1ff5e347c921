package de.stimmung.dashboard;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A test client of {@code /api/stream}: parses Server-Sent Events on a thread of its own. */
final class SseReader implements AutoCloseable {

    /** One parsed event; comments (heartbeats) are kept with {@code event} "comment". */
    record Event(String id, String event, String data) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread thread;
    final int status;

    SseReader(HttpClient http, String url, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        body = r.body();
        thread = new Thread(this::read, "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null;) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        events.add(new Event(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, "comment", line.substring(1).trim()));
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    Event await(Predicate<Event> p, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no SSE event " + what + " within " + timeout + "; got " + events);
    }

    @Override
    public void close() throws Exception {
        body.close();
        thread.join(5000);
    }
}

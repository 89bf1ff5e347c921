package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import de.stimmung.model.Emotion;
import de.stimmung.stream.monitor.MonitorSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Load harness (not a test) for the dashboard, all on this machine's cores: the service's added
 * CPU per emotion event (call monitor + live feed threads), the snapshot of N calls, the page
 * with N active calls in Chromium (time to render, renders per second while events stream in),
 * and M concurrent SSE clients (messages delivered, CPU). Run (see the README's load harness
 * class path): {@code java -Xmx2g @load.args de.stimmung.dashboard.DashboardLoadHarness 1000 50 20 200}
 * (calls, SSE clients, seconds per phase, events per second).
 */
public final class DashboardLoadHarness {

    private DashboardLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (DashboardCluster cluster = new DashboardCluster(MonitorSettings.defaults()
                .withCallLifetime(Duration.ofMinutes(30), Duration.ofMinutes(30)))) {
            DashboardCluster.Instance svc = cluster.startInstance();
            long t0 = System.currentTimeMillis();
            // warm-up, so JIT compilation is not counted as the per-event cost
            for (int i = 0; i < 300; i++) {
                cluster.send(DashboardCluster.event("warm-" + (i % 30), 0, i / 30, t0, Emotion.NEUTRAL, 0.6));
            }
            cluster.await(svc.url("/api/calls"), s -> s.get("calls").size() >= 30, Duration.ofSeconds(60), "warm-up");

            // 1. added cost per event: the monitor's stream threads and the dashboard's feed
            long cpu0 = cpu(threads, n -> n.contains("StreamThread") || n.startsWith("stimmung-dashboard-feed"));
            long wall0 = System.nanoTime();
            int events = calls * 3;
            for (int u = 0; u < 3; u++) {
                for (int c = 0; c < calls; c++) {
                    cluster.sendAsync(DashboardCluster.event(String.format(Locale.ROOT, "call-%04d", c), c % 2, u, t0,
                            u == 2 && c % 10 == 0 ? Emotion.ANGER : Emotion.NEUTRAL, 0.7));
                }
            }
            cluster.flush();
            awaitUtterances(cluster, svc, calls, 3);
            long cpu1 = cpu(threads, n -> n.contains("StreamThread") || n.startsWith("stimmung-dashboard-feed"));
            System.out.printf(Locale.ROOT, "service: %d events for %d calls in %.1f s; monitor + feed CPU %.0f us per event%n",
                    events, calls, (System.nanoTime() - wall0) / 1e9, (cpu1 - cpu0) / 1e3 / events);
            long idle0 = cpu(threads, n -> n.contains("StreamThread") || n.startsWith("stimmung-dashboard-feed"));
            Thread.sleep(10_000);
            long idle1 = cpu(threads, n -> n.contains("StreamThread") || n.startsWith("stimmung-dashboard-feed"));
            System.out.printf(Locale.ROOT, "idle with %d calls: stream threads + feed %.1f%% of a core%n", calls + 30,
                    (idle1 - idle0) / 1e7 / 10);
            long s0 = System.nanoTime();
            HttpResponse<String> snap = cluster.get(svc.url("/api/calls"));
            System.out.printf(Locale.ROOT, "snapshot of %d calls: %d KB in %.0f ms%n", calls + 30, snap.body().length() / 1024,
                    (System.nanoTime() - s0) / 1e6);

            browser(cluster, svc, calls, seconds, rate, t0);
            sse(cluster, svc, clients, seconds, rate, calls, t0, threads);
        }
    }

    private static void browser(DashboardCluster cluster, DashboardCluster.Instance svc, int calls, int seconds, int rate,
            long t0) throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900",
                "--disable-background-networking", "--disable-component-update", "--no-first-run");
        ChromeDriver d = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build(), o);
        try {
            d.get(svc.url("/"));
            double firstFull = -1;
            double renderMs = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (firstFull < 0 && System.nanoTime() < deadline) {
                List<?> r = (List<?>) d.executeScript("return [document.querySelectorAll('#active tbody tr').length,"
                        + " performance.now(), document.body.dataset.renderMs || '-1']");
                if (((Number) r.get(0)).intValue() >= calls) {
                    firstFull = ((Number) r.get(1)).doubleValue();
                    renderMs = Double.parseDouble((String) r.get(2));
                }
                Thread.sleep(20);
            }
            System.out.printf(Locale.ROOT, "page: %d active calls shown %.0f ms after navigation (that render: %.0f ms)%n",
                    calls, firstFull, renderMs);
            int renders0 = renders(d);
            SplittableRandom rnd = new SplittableRandom(7);
            List<Double> samples = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            int u = 3;
            int sent = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                for (int i = 0; i < rate / 10; i++) {
                    int c = rnd.nextInt(calls);
                    cluster.sendAsync(DashboardCluster.event(String.format(Locale.ROOT, "call-%04d", c), c % 2, u++, t0,
                            Emotion.NEUTRAL, 0.6));
                    sent++;
                }
                cluster.flush();
                samples.add(Double.parseDouble((String) d.executeScript("return document.body.dataset.renderMs || '0'")));
                long next = start + (long) (sent / (double) rate * 1e9);
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            int renders1 = renders(d);
            samples.sort(null);
            System.out.printf(Locale.ROOT, "page with %d calls, %d events/s for %d s: %.1f renders/s, render p50 %.1f ms,"
                    + " max %.1f ms%n", calls, rate, seconds, (renders1 - renders0) / (double) seconds,
                    samples.get(samples.size() / 2), samples.get(samples.size() - 1));
        } finally {
            d.quit();
        }
    }

    private static void sse(DashboardCluster cluster, DashboardCluster.Instance svc, int clients, int seconds, int rate,
            int calls, long t0, ThreadMXBean threads) throws Exception {
        List<SseReader> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            readers.add(new SseReader(cluster.http, svc.url("/api/stream"), null));
        }
        for (SseReader r : readers) {
            r.await(e -> e.event().equals("comment") && e.data().startsWith("connected"), Duration.ofSeconds(30), "connected");
        }
        Predicate<String> serving = n -> n.startsWith("stimmung-http-") || n.startsWith("stimmung-dashboard-feed");
        long cpu0 = cpu(threads, serving);
        long proc0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long start = System.nanoTime();
        int sent = 0;
        int u = 1000;
        SplittableRandom rnd = new SplittableRandom(11);
        while (System.nanoTime() - start < Duration.ofSeconds(seconds).toNanos()) {
            int c = rnd.nextInt(calls);
            cluster.sendAsync(DashboardCluster.event(String.format(Locale.ROOT, "call-%04d", c), c % 2, u++, t0, Emotion.NEUTRAL, 0.6));
            sent++;
            if (sent % 20 == 0) {
                cluster.flush();
            }
            long next = start + (long) (sent / (double) rate * 1e9);
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int total = sent;
        while (System.nanoTime() < deadline && readers.stream().anyMatch(r -> utterances(r) < total)) {
            Thread.sleep(50);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpu(threads, serving);
        long proc1 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long delivered = readers.stream().mapToLong(DashboardLoadHarness::utterances).sum();
        long min = readers.stream().mapToLong(DashboardLoadHarness::utterances).min().orElse(0);
        System.out.printf(Locale.ROOT, "SSE: %d clients, %d events at %d/s: %d of %d messages delivered (fewest to one client: %d);"
                + " feed + HTTP threads %.1f%% of a core (%.1f us per delivered message); whole JVM %.0f%% of a core%n",
                clients, sent, rate, delivered, (long) sent * clients, min, (cpu1 - cpu0) / 1e7 / wall,
                (cpu1 - cpu0) / 1e3 / Math.max(1, delivered), (proc1 - proc0) / 1e7 / wall);
        for (SseReader r : readers) {
            r.close();
        }
    }

    private static long utterances(SseReader r) {
        return r.events.stream().filter(e -> e.event().equals("utterance")).count();
    }

    private static int renders(ChromeDriver d) {
        return Integer.parseInt((String) d.executeScript("return document.body.dataset.renders || '0'"));
    }

    private static void awaitUtterances(DashboardCluster cluster, DashboardCluster.Instance svc, int calls, int each)
            throws Exception {
        cluster.await(svc.url("/api/calls"), s -> {
            int done = 0;
            for (JsonNode c : s.get("calls")) {
                if (c.get("callId").asText().startsWith("call-")) {
                    int n = 0;
                    for (JsonNode ch : c.get("channels")) {
                        n += ch.get("utterances").asInt();
                    }
                    done += n >= each ? 1 : 0;
                }
            }
            return done == calls;
        }, Duration.ofMinutes(5), calls + " calls with " + each + " utterances");
    }

    /** CPU nanoseconds used so far by the live threads whose names match. */
    private static long cpu(ThreadMXBean threads, Predicate<String> name) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && name.test(t.getThreadName())) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }
}

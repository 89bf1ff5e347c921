package de.stimmung.dashboard;

import java.time.Duration;

/**
 * Settings of the dashboard's HTTP server.
 *
 * @param bindHost        the address to listen on (default 127.0.0.1: only this machine)
 * @param port            the port; 0 = any free port
 * @param heartbeat       an idle event stream gets a comment this often, so proxies and browsers keep it open
 * @param replayEvents    the live feed keeps this many latest messages for {@code Last-Event-ID} resumes
 * @param clientQueue     messages a slow event-stream client may fall behind before it is disconnected (it reconnects and resumes)
 * @param sparklinePoints utterances in each call's sparkline
 */
public record DashboardSettings(String bindHost, int port, Duration heartbeat, int replayEvents, int clientQueue,
        int sparklinePoints) {

    public static final int DEFAULT_PORT = 8080;

    public DashboardSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port " + port + " is not a port; use 0..65535 (0 = any free port)");
        }
        if (replayEvents < 1 || clientQueue < 1 || sparklinePoints < 1 || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat, replay buffer, client queue and sparkline must be positive");
        }
    }

    /** 127.0.0.1:8080, a heartbeat every 15 s, 10 000 messages to resume from, 20-point sparklines. */
    public static DashboardSettings defaults() {
        return new DashboardSettings("127.0.0.1", DEFAULT_PORT, Duration.ofSeconds(15), 10_000, 10_000, 20);
    }

    public DashboardSettings withAddress(String host, int p) {
        return new DashboardSettings(host, p, heartbeat, replayEvents, clientQueue, sparklinePoints);
    }

    public DashboardSettings withHeartbeat(Duration every) {
        return new DashboardSettings(bindHost, port, every, replayEvents, clientQueue, sparklinePoints);
    }
}

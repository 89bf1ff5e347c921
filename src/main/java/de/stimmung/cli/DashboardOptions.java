package de.stimmung.cli;

import de.stimmung.dashboard.DashboardServer;
import de.stimmung.dashboard.DashboardSettings;
import de.stimmung.stream.monitor.AlertRuleSettings;
import de.stimmung.stream.monitor.MonitorSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The dashboard's HTTP options and the call monitor's alert rule, shared by {@code serve} and {@code demo}. */
final class DashboardOptions {

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the dashboard and its API (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1",
            description = "Address the dashboard listens on (0.0.0.0 = every interface). Default: ${DEFAULT-VALUE}.")
    String httpBind;

    @Option(names = "--no-http", description = "Serve no dashboard, API, /metrics or /health.")
    boolean noHttp;

    @Option(names = "--customer-channel", defaultValue = "0",
            description = "The channel that carries the customer (a mono call's only channel counts as the customer). Default: ${DEFAULT-VALUE}.")
    int customerChannel;

    @Option(names = "--alert-emotions", defaultValue = "anger,fear,disgust", split = ",",
            description = "Emotions that escalate. Default: ${DEFAULT-VALUE}.")
    List<String> alertEmotions;

    @Option(names = "--alert-window", defaultValue = "3",
            description = "Customer utterances averaged by the alert rule. Default: ${DEFAULT-VALUE}.")
    int alertWindow;

    @Option(names = "--alert-threshold", defaultValue = "0.6",
            description = "Mean probability of an escalating emotion over the window that raises an alert. Default: ${DEFAULT-VALUE}.")
    double alertThreshold;

    @Option(names = "--alert-clear-after", defaultValue = "3",
            description = "Consecutive calm customer utterances that clear an alert. Default: ${DEFAULT-VALUE}.")
    int alertClearAfter;

    @Option(names = "--call-ended-after-s", defaultValue = "30",
            description = "A call without an utterance for this long counts as ended. Default: ${DEFAULT-VALUE}.")
    long callEndedAfterS;

    @Option(names = "--call-history-min", defaultValue = "60",
            description = "Ended calls stay in the dashboard's history this long. Default: ${DEFAULT-VALUE}.")
    long callHistoryMin;

    MonitorSettings monitor() {
        return MonitorSettings.defaults()
                .withRule(new AlertRuleSettings(customerChannel, alertEmotions, alertWindow, alertThreshold, alertClearAfter))
                .withCallLifetime(Duration.ofSeconds(callEndedAfterS), Duration.ofMinutes(callHistoryMin));
    }

    /** The bound (not yet attached) dashboard, or null with {@code --no-http}. */
    DashboardServer bind() throws IOException {
        return noHttp ? null : DashboardServer.bind(DashboardSettings.defaults().withAddress(httpBind, httpPort));
    }
}

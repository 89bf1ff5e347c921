package de.stimmung.cli.load;

import java.util.Locale;

/**
 * The outcome of one load-test run over its measurement window.
 *
 * @param calls               concurrent calls
 * @param profile             what each call sent
 * @param guarantee           the service's processing guarantee (as the user stated it)
 * @param windowSeconds       length of the measurement window (after the warm-up)
 * @param events              events received in the window for utterances of this run
 * @param expected            events the calls' utterances should give in the window
 * @param p50Ms               latency quantiles from an utterance's last chunk being sent to its event being read, ms
 * @param p95Ms               95th percentile, ms
 * @param p99Ms               99th percentile, ms
 * @param maxMs               largest latency, ms
 * @param outstanding         utterances sent whose event had not arrived at the window's end
 * @param oldestOutstandingMs how long the oldest of those had waited, ms (0 if none)
 * @param inputLagChunks      chunks on the speech topic not yet committed by the service at the end (-1: unknown)
 * @param cpu                 where the CPU went in the window
 */
public record LoadResult(int calls, LoadProfile profile, String guarantee, double windowSeconds, long events,
        long expected, double p50Ms, double p95Ms, double p99Ms, double maxMs, int outstanding,
        double oldestOutstandingMs, long inputLagChunks, CpuSplit.Split cpu) {

    /** An utterance's length: a service whose oldest pending utterance waited longer is falling behind. */
    static final double KEPT_UP_OLDEST_MS = 2000;

    /** Whether the service kept up: at least 95 % of the expected events, none pending longer than 2 s at the end. */
    public boolean keptUp() {
        return events >= 0.95 * expected && oldestOutstandingMs <= KEPT_UP_OLDEST_MS;
    }

    public double eventsPerSecond() {
        return events / windowSeconds;
    }

    /**
     * CPU milliseconds spent per second of call audio turned into events (the measured part of the
     * process: service, broker and load generator when embedded), comparable across loads and
     * busy machines; NaN without events.
     */
    public double cpuMsPerAudioSecond(double cores) {
        double audioSecondsPerSecond = eventsPerSecond() * profile.utteranceMs() / 1000.0;
        return audioSecondsPerSecond > 0 ? cores * 1000.0 / audioSecondsPerSecond : Double.NaN;
    }

    /** Whether this run held the latency target for the whole run: kept up and p99 at most {@code p99TargetMs}. */
    public boolean held(double p99TargetMs) {
        return keptUp() && p99Ms <= p99TargetMs;
    }

    /** Readable summary lines. */
    public String describe(boolean cpuOfService, boolean embeddedBroker) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d calls (%s), %s, %.0f s measured:%n", calls, profile, guarantee,
                windowSeconds));
        b.append(String.format(Locale.ROOT, "  latency utterance end -> event: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n", p50Ms, p95Ms, p99Ms, maxMs));
        b.append(String.format(Locale.ROOT, "  events: %d of %d expected (%.1f/s); at the end %d utterances waiting"
                + " (oldest %.0f ms)%s; %s%n", events, expected, eventsPerSecond(), outstanding, oldestOutstandingMs,
                inputLagChunks < 0 ? "" : String.format(Locale.ROOT, ", %d chunks not yet committed by the service"
                        + " (%.1f s of input)", inputLagChunks, inputLagChunks / (calls * 1000.0 / profile.chunkMs())),
                keptUp() ? "kept up" : "FELL BEHIND"));
        if (cpu != null) {
            if (cpuOfService) {
                b.append(String.format(Locale.ROOT, "  cpu per second of call audio: %.1f ms in the service, %.1f ms"
                        + " in this process%n", cpuMsPerAudioSecond(cpu.service()), cpuMsPerAudioSecond(cpu.process())));
            }
            b.append("  ").append(cpuOfService ? cpu.describe(embeddedBroker)
                    : String.format(Locale.ROOT, "cpu of this load generator: %.2f cores (the service runs elsewhere)",
                            cpu.process())).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** One machine-readable line of key=value pairs. */
    public String keyValues() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "calls=%d rate_hz=%d encoding=%s phases=%s guarantee=%s p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f"
                        + " events=%d expected=%d events_per_s=%.1f outstanding=%d oldest_outstanding_ms=%.0f"
                        + " input_lag_chunks=%d kept_up=%b",
                calls, profile.rateHz(), profile.encoding(),
                profile.phases().name().toLowerCase(Locale.ROOT), guarantee, p50Ms, p95Ms, p99Ms, maxMs, events, expected,
                eventsPerSecond(), outstanding, oldestOutstandingMs, inputLagChunks, keptUp()));
        if (cpu != null) {
            b.append(String.format(Locale.ROOT, " cpu_service=%.2f cpu_broker=%.2f cpu_registry=%.2f cpu_loadgen=%.2f"
                    + " cpu_jvm=%.2f cpu_process=%.2f service_cpu_ms_per_audio_s=%.1f process_cpu_ms_per_audio_s=%.1f",
                    cpu.service(), cpu.broker(), Double.isNaN(cpu.registry()) ? 0.0 : cpu.registry(), cpu.loadGenerator(),
                    cpu.jvm(), cpu.process(), cpuMsPerAudioSecond(cpu.service()), cpuMsPerAudioSecond(cpu.process())));
        }
        return b.toString();
    }
}

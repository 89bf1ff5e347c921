package de.stimmung.cli.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the CPU of a load test went: the CPU time of this JVM's threads between two snapshots
 * (ThreadMXBean), grouped by thread name into the service (Kafka Streams threads and their
 * clients, named after the application id), the load generator (threads named {@code loadtest})
 * and the rest (the embedded broker's threads when it runs in this JVM); the JVM's own work (GC,
 * JIT, ONNX Runtime's native threads) is the process CPU time not spent in those threads; and the schema registry's child
 * process, when there is one. Figures are cores: CPU seconds per wall-clock second.
 */
final class CpuSplit {

    /** A point in time to measure from. */
    record Snapshot(long wallNanos, long processCpuNanos, Map<Long, Long> threadCpuNanos, Map<Long, String> names,
            long childCpuNanos) {
    }

    /** The split between two snapshots, in cores; {@code registry} is NaN without a registry child. */
    record Split(double service, double loadGenerator, double broker, double jvm, double registry, double process) {

        String describe(boolean embeddedBroker) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "cpu in cores (of %d): service %.2f",
                    Runtime.getRuntime().availableProcessors(), service));
            if (embeddedBroker) {
                b.append(String.format(Locale.ROOT, ", broker %.2f", broker));
            }
            if (!Double.isNaN(registry)) {
                b.append(String.format(Locale.ROOT, ", registry %.2f", registry));
            }
            b.append(String.format(Locale.ROOT, ", load generator %.2f, JVM and native threads (GC, JIT, ONNX Runtime) %.2f", loadGenerator, jvm));
            if (!embeddedBroker) {
                b.append(String.format(Locale.ROOT, ", other threads %.2f", broker));
            }
            return b.toString();
        }
    }

    static final String LOAD_THREAD_PREFIX = "loadtest";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String serviceThreadMarker;
    private final Supplier<Optional<Duration>> childCpu;

    /**
     * @param serviceThreadMarker a string in the names of the service's threads (its application id), or null
     * @param childCpu            CPU time of the registry's child process so far, if there is one
     */
    CpuSplit(String serviceThreadMarker, Supplier<Optional<Duration>> childCpu) {
        this.serviceThreadMarker = serviceThreadMarker;
        this.childCpu = childCpu;
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info == null) {
                continue;
            }
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), t);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        long child = childCpu.get().map(Duration::toNanos).orElse(-1L);
        return new Snapshot(System.nanoTime(), processCpuNanos(), cpu, names, child);
    }

    Split between(Snapshot from, Snapshot to) {
        double wall = Math.max(1, to.wallNanos() - from.wallNanos());
        Map<String, Long> groups = new LinkedHashMap<>();
        long threadTotal = 0;
        for (Map.Entry<Long, Long> e : to.threadCpuNanos().entrySet()) {
            long delta = e.getValue() - from.threadCpuNanos().getOrDefault(e.getKey(), 0L);
            threadTotal += delta;
            groups.merge(group(to.names().get(e.getKey())), delta, Long::sum);
        }
        double process = (to.processCpuNanos() - from.processCpuNanos()) / wall;
        double registry = from.childCpuNanos() < 0 || to.childCpuNanos() < 0 ? Double.NaN
                : (to.childCpuNanos() - from.childCpuNanos()) / wall;
        return new Split(groups.getOrDefault("service", 0L) / wall, groups.getOrDefault("load", 0L) / wall,
                groups.getOrDefault("other", 0L) / wall, Math.max(0, process - threadTotal / wall), registry, process);
    }

    private String group(String name) {
        if (name == null) {
            return "other";
        }
        if (name.startsWith(LOAD_THREAD_PREFIX) || name.contains("| " + LOAD_THREAD_PREFIX)) {
            return "load";
        }
        if (serviceThreadMarker != null && name.contains(serviceThreadMarker)) {
            return "service";
        }
        return "other";
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}

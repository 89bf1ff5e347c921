package de.stimmung.stream;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Decides how long a call has been silent, for closing its open utterance ({@code idleTimeout})
 * and forgetting it ({@code evictAfter}), so that lag costs latency, never correctness (a split
 * or cut utterance). One per stream task (the partition's {@link UtteranceAssembler}); all times in
 * epoch milliseconds; not thread-safe.
 *
 * <p>The call's own timeline comes first: its silence is the partition's stream time (the largest
 * record timestamp the task has processed) minus the stream time when the call's last chunk was
 * processed. A lagging or paused service reads its backlog in order, so a call whose next chunk
 * is still waiting in the partition is never silent by this measure, however late the records are
 * read. Record timestamps are the clock of stream time (the producers' send times, or the broker's
 * append times); the chunk's own {@code timestampMs} is the audio's time for the events and is not
 * compared with them. The call is anchored to the stream time at its chunk, not to its record's
 * timestamp, so a producer whose clock is behind the others' does not look silent; records may be
 * out of timestamp order by up to the idle timeout. The wall-clock time since the chunk was
 * processed caps this (a single record stamped far in the future, from a producer whose clock is
 * ahead, would otherwise make every call of the partition look silent at once).
 *
 * <p>Stream time stands still on a partition that went quiet (calls that ended without
 * end-of-call): then only the wall clock can close them. It is trusted only when the task has
 * caught up: it saw no record for the idle timeout of wall-clock time during which it was seen
 * running and its stream thread was seen polling. Quiet counts again from a punctuation that
 * comes later than scheduled by more than half the idle timeout (the process was paused: SIGSTOP,
 * a long GC, a starved machine; its records may be waiting) and from one with no poll of the
 * stream thread since the previous one (a Kafka Streams thread polls again only when none of
 * its tasks has records left, so under load a task that ran dry waits, its punctuator running,
 * while its next records are still in the broker). The task's start counts the same way, so the
 * service's own downtime (a restart) does not cut utterances short. A consumer that polls but
 * cannot fetch while producers go on writing (a broker it cannot reach) looks like a quiet partition.
 */
final class IdleClock {

    /** A stream time not known (no record yet, or a state written before calls kept theirs). */
    static final long UNKNOWN = -1;

    private final long quietMs;
    private final long lateTickMs;
    /** Wall-clock time from which quiet counts: the task's start or the last jump of the clock. */
    private long baselineMs;
    private long lastRecordMs;
    private long lastTickMs;
    private long lastPolls = UNKNOWN;

    /**
     * @param idleTimeout    silence that closes an open utterance; also the quiet that means caught up
     * @param punctuateEvery how often {@link #tick} is called
     * @param startMs        the task's start (wall clock)
     */
    IdleClock(Duration idleTimeout, Duration punctuateEvery, long startMs) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || punctuateEvery.isNegative() || punctuateEvery.isZero()) {
            throw new IllegalArgumentException("idle timeout (" + idleTimeout + ") and punctuation interval ("
                    + punctuateEvery + ") must be positive");
        }
        this.quietMs = idleTimeout.toMillis();
        this.lateTickMs = punctuateEvery.toMillis() + quietMs / 2;
        this.baselineMs = startMs;
        this.lastRecordMs = startMs;
        this.lastTickMs = startMs;
    }

    /** A record reached the task (any record, also a duplicate or a rejected one). */
    void recordArrived(long wallMs) {
        lastRecordMs = Math.max(lastRecordMs, wallMs);
    }

    /**
     * The periodic punctuation at {@code wallMs}.
     *
     * @param polls how many times the task's stream thread has polled so far, or {@link #UNKNOWN}
     * @return true when quiet counts from now: the punctuation came too late (the process was paused
     *         or starved) or the thread did not poll since the previous one
     */
    boolean tick(long wallMs, long polls) {
        boolean late = wallMs - lastTickMs > lateTickMs;
        boolean unpolled = polls != UNKNOWN && polls == lastPolls;
        if (late || unpolled) {
            baselineMs = wallMs;
        }
        lastTickMs = Math.max(lastTickMs, wallMs);
        lastPolls = polls;
        return late || unpolled;
    }

    /**
     * How many times the calling stream thread has polled (Kafka Streams' {@code poll-total} of
     * {@code stream-thread-metrics}), or {@link #UNKNOWN} where there is no such thread
     * (TopologyTestDriver). Call it on the stream thread.
     */
    static LongSupplier pollsOfThisThread(StreamsMetrics metrics) {
        String thread = Thread.currentThread().getName();
        Metric total = metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("poll-total") && e.getKey().group().equals("stream-thread-metrics")
                        && thread.equals(e.getKey().tags().get("thread-id")))
                .map(e -> (Metric) e.getValue()).findFirst().orElse(null);
        return total == null ? () -> UNKNOWN : () -> ((Number) total.metricValue()).longValue();
    }

    /** True when the task saw no record for the idle timeout while it was seen running. */
    boolean caughtUp(long wallMs) {
        return wallMs - Math.max(lastRecordMs, baselineMs) >= quietMs;
    }

    /**
     * How long a call has been silent: by the partition's timeline, capped by the wall clock; once
     * the task has caught up, by the wall clock since the later of its last chunk and the baseline.
     *
     * @param lastChunkStreamMs stream time when the call's last chunk was processed, or {@link #UNKNOWN}
     * @param lastChunkWallMs   wall-clock time when it was processed
     * @param streamTimeMs      the task's stream time now, or {@link #UNKNOWN}
     * @param wallMs            the wall clock now
     */
    long silenceMs(long lastChunkStreamMs, long lastChunkWallMs, long streamTimeMs, long wallMs) {
        if (caughtUp(wallMs)) {
            return wallMs - Math.max(lastChunkWallMs, baselineMs);
        }
        if (lastChunkStreamMs == UNKNOWN || streamTimeMs == UNKNOWN) {
            return 0;
        }
        return Math.min(streamTimeMs - lastChunkStreamMs, wallMs - lastChunkWallMs);
    }
}

package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle rule on its own: times are plain numbers (ms), nothing waits. */
class IdleClockTest {

    static final long START = 1_000_000;
    static final long UNKNOWN = IdleClock.UNKNOWN;
    final IdleClock clock = new IdleClock(Duration.ofSeconds(2), Duration.ofMillis(250), START);
    long polls;

    /** Punctuations every 250 ms from {@code from} to {@code to}, the thread polling in between. */
    void running(long from, long to) {
        for (long t = from; t <= to; t += 250) {
            clock.tick(t, ++polls);
        }
    }

    /** As {@link #running}, with a record reaching the task before every punctuation. */
    void busy(long from, long to) {
        for (long t = from; t <= to; t += 250) {
            clock.recordArrived(t);
            clock.tick(t, ++polls);
        }
    }

    @Test
    void aCallWhoseNextChunkStillWaitsInTheBacklogIsNotSilentHoweverLateTheWallClockIs() {
        busy(START, START + 10_000);
        // its last chunk was processed 10 s ago; the partition's records read since then cover 500 ms
        assertEquals(500, clock.silenceMs(50_000, START, 50_500, START + 10_000));
    }

    @Test
    void theStreamTimeOfThePartitionMovingOnMakesACallSilent() {
        busy(START, START + 3_000);
        assertEquals(2_500, clock.silenceMs(50_000, START, 52_500, START + 3_000));
    }

    @Test
    void aRecordStampedFarInTheFutureDoesNotSilenceACallHeardJustNow() {
        busy(START, START + 3_000);
        assertEquals(100, clock.silenceMs(50_000, START + 2_900, 50_000 + 3_600_000, START + 3_000));
    }

    @Test
    void onAQuietPartitionTheWallClockCountsOnceTheTaskHasCaughtUp() {
        busy(START, START + 1_000);
        running(START + 1_250, START + 2_750);
        assertFalse(clock.caughtUp(START + 2_750), "1.75 s without records");
        assertEquals(0, clock.silenceMs(50_000, START + 1_000, 50_000, START + 2_750), "stream time stands still");
        running(START + 3_000, START + 3_000);
        assertTrue(clock.caughtUp(START + 3_000), "2 s without records while the thread polled");
        assertEquals(2_000, clock.silenceMs(50_000, START + 1_000, 50_000, START + 3_000));
    }

    @Test
    void aLatePunctuationMeansThatTheProcessWasPausedAndQuietCountsAgainFromIt() {
        busy(START, START + 1_000);
        clock.tick(START + 6_000, ++polls); // stopped for 5 s
        assertFalse(clock.caughtUp(START + 6_000));
        assertEquals(0, clock.silenceMs(50_000, START + 1_000, 50_000, START + 6_000));
        running(START + 6_250, START + 7_750);
        assertFalse(clock.caughtUp(START + 7_750));
        running(START + 8_000, START + 8_000);
        assertTrue(clock.caughtUp(START + 8_000));
        assertEquals(2_000, clock.silenceMs(50_000, START + 1_000, 50_000, START + 8_000), "silent since the resume");
    }

    @Test
    void aPunctuationJustALittleLateIsNoPause() {
        busy(START, START + 1_000);
        clock.tick(START + 2_200, ++polls); // 1.2 s apart: later than scheduled by less than half the idle timeout
        running(START + 2_450, START + 3_000);
        assertTrue(clock.caughtUp(START + 3_000));
    }

    @Test
    void punctuationsWithoutAPollOfTheStreamThreadInBetweenDoNotCountAsQuiet() {
        busy(START, START + 1_000);
        // the thread works through other tasks' records: this task ran dry, but its next records are not polled yet
        for (long t = START + 1_250; t <= START + 6_000; t += 250) {
            clock.tick(t, polls);
        }
        assertFalse(clock.caughtUp(START + 6_000));
        assertEquals(0, clock.silenceMs(50_000, START + 1_000, 50_000, START + 6_000));
        running(START + 6_250, START + 8_000);
        assertTrue(clock.caughtUp(START + 8_000));
    }

    @Test
    void theTasksStartCountsAsAChunkSoTheServicesOwnDowntimeDoesNotCutUtterancesShort() {
        long heardBeforeRestart = START - 60_000;
        running(START + 250, START + 1_750);
        assertEquals(0, clock.silenceMs(50_000, heardBeforeRestart, UNKNOWN, START + 1_750));
        running(START + 2_000, START + 2_000);
        assertEquals(2_000, clock.silenceMs(50_000, heardBeforeRestart, UNKNOWN, START + 2_000));
    }

    @Test
    void aCallWithoutAStreamTimeIsSilentOnlyByTheWallClockOnceCaughtUp() {
        busy(START, START + 5_000);
        assertEquals(0, clock.silenceMs(UNKNOWN, START, 60_000, START + 5_000));
        running(START + 5_250, START + 7_000);
        assertEquals(7_000, clock.silenceMs(UNKNOWN, START, 60_000, START + 7_000));
    }

    @Test
    void withoutAPollCountOnlyLatePunctuationsRestartTheQuiet() {
        busy(START, START + 1_000);
        for (long t = START + 1_250; t <= START + 3_000; t += 250) {
            clock.tick(t, UNKNOWN);
        }
        assertTrue(clock.caughtUp(START + 3_000));
    }

    @Test
    void aTimeoutOrIntervalThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IdleClock(Duration.ZERO, Duration.ofMillis(250), START));
        assertThrows(IllegalArgumentException.class, () -> new IdleClock(Duration.ofSeconds(2), Duration.ZERO, START));
    }
}

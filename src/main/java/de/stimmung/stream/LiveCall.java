package de.stimmung.stream;

import de.stimmung.avro.state.CallState;
import de.stimmung.model.CallNormalizer;
import java.util.Arrays;

/**
 * What the {@link UtteranceAssembler} keeps in memory of one call channel: its decoded
 * {@link CallState} (the truth while the task runs; the {@code call-state} store holds the last
 * copy written, see {@link UtteranceAssembler} for when), its {@link CallSession} once built, its
 * speaker-normaliser history once used, and
 * the sequence numbers of the chunks in the chunk log since the checkpoint, ascending (so the log
 * is truncated without a range scan). Not thread-safe.
 */
final class LiveCall {

    final CallState state;
    /** The call's session, or null until it is rebuilt from the checkpoint and the chunk log. */
    CallSession session;
    /** The call's speaker-normaliser history, or null until its first adapted utterance (or the store's copy) needs it. */
    CallNormalizer.State history;
    /** Whether the state changed in a way a restart cannot derive from the chunk log (not yet written). */
    boolean unsaved;
    private long[] logged = new long[32];
    private int loggedCount;

    LiveCall(CallState state) {
        this.state = state;
    }

    /** A chunk was put in the chunk log; numbers come in ascending order. */
    void logged(long seq) {
        if (loggedCount == logged.length) {
            logged = Arrays.copyOf(logged, loggedCount * 2);
        }
        logged[loggedCount++] = seq;
    }

    int loggedCount() {
        return loggedCount;
    }

    long logged(int i) {
        return logged[i];
    }

    /** The highest sequence number in the chunk log, or -1 if it holds none of this call's. */
    long lastLogged() {
        return loggedCount == 0 ? -1 : logged[loggedCount - 1];
    }

    /** The chunk log was truncated. */
    void clearLogged() {
        loggedCount = 0;
    }
}

package de.stimmung.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts continuous call audio (no producer marks) into utterances with an energy voice-activity
 * detector and the segment rules of {@link SegmentationSettings}. Works on 10 ms frames at the
 * call's own rate. A frame is speech when its level is at least {@link #MARGIN_DB} above the
 * running noise floor and above {@link #ABSOLUTE_FLOOR_DBFS}; the floor follows quieter frames at
 * once and louder ones slowly ({@link #FLOOR_RISE_DB_PER_FRAME}), so steady hiss or hum raises it
 * and speech (whose syllables dip between peaks) does not; the first frame sets it. Levels are
 * measured without the frame's mean, so a DC offset is not sound.
 *
 * <p>Rules: an utterance starts at its first speech frame (leading silence dropped); frames of a
 * pause are held back and join the utterance only if speech resumes within {@code pauseMs}, so
 * trailing silence never reaches the feature extractor; a pause of {@code pauseMs} ends it; it is
 * force-cut at {@code maxUtteranceMs} (the next one starts with the next speech frame); one with
 * less than {@code minSpeechMs} of speech frames is discarded. A final partial frame (under 10 ms)
 * at the end of a call is dropped.
 *
 * <p>Deterministic; its state at idle points (noise floor and the partial frame carried into the
 * next chunk) serialises to a few bytes, so a restarted service makes the same decisions.
 * Not thread-safe.
 */
final class VadSegmentation {

    /** Speech must be this far above the noise floor. */
    static final double MARGIN_DB = 10.0;
    /** Nothing quieter than this is speech, whatever the floor. */
    static final double ABSOLUTE_FLOOR_DBFS = -55.0;
    /** How fast the floor climbs towards louder frames (0.1 dB per 10 ms = 10 dB/s). */
    static final double FLOOR_RISE_DB_PER_FRAME = 0.1;

    /** What the caller does with the decisions. */
    interface Listener {
        /** An utterance starts at this sample of the call. */
        void start(long sample);

        /** Audio of the open utterance, in order. */
        void audio(float[] buf, int off, int len);

        /** The open utterance ends after the audio given so far. */
        void end();

        /** The open utterance had too little speech: forget it. */
        void discard();
    }

    private enum Phase { IDLE, SPEECH, PAUSE }

    private final int frame;
    private final int pauseFrames;
    private final int maxFrames;
    private final int minSpeechFrames;
    private final float[] pending;
    private int pendingCount;
    private final float[] held;
    private int heldFrames;
    /** Noise floor in dBFS; NaN until the first frame, which sets it. */
    private double floorDb = Double.NaN;
    private Phase phase = Phase.IDLE;
    private int speechFrames;
    private int utteranceFrames;
    private int pauseRun;

    VadSegmentation(int rateHz, SegmentationSettings s, byte[] state) {
        frame = Math.max(1, rateHz / 100);
        pauseFrames = Math.max(1, s.pauseMs() / 10);
        maxFrames = Math.max(1, s.maxUtteranceMs() / 10);
        minSpeechFrames = s.minSpeechMs() / 10;
        pending = new float[frame];
        held = new float[frame * pauseFrames];
        if (state != null) {
            ByteBuffer b = ByteBuffer.wrap(state);
            floorDb = b.getDouble();
            pendingCount = b.getInt();
            for (int i = 0; i < pendingCount; i++) {
                pending[i] = b.getFloat();
            }
        }
    }

    /** True when no utterance is open and no pause audio is held (a checkpoint may be taken). */
    boolean idle() {
        return phase == Phase.IDLE;
    }

    /** The state to restore from at an idle point: noise floor and the partial frame. */
    byte[] state() {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 * pendingCount);
        b.putDouble(floorDb).putInt(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            b.putFloat(pending[i]);
        }
        return b.array();
    }

    /**
     * Feeds {@code n} samples whose first is sample {@code position} of the call.
     */
    void accept(float[] samples, int n, long position, Listener l) {
        int off = 0;
        long frameStart = position - pendingCount;
        while (off < n) {
            int take = Math.min(frame - pendingCount, n - off);
            System.arraycopy(samples, off, pending, pendingCount, take);
            pendingCount += take;
            off += take;
            if (pendingCount == frame) {
                frame(pending, frameStart, l);
                frameStart += frame;
                pendingCount = 0;
            }
        }
    }

    private void frame(float[] x, long start, Listener l) {
        // level of the frame without its mean: a DC offset is not sound
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < frame; i++) {
            sum += x[i];
            squares += (double) x[i] * x[i];
        }
        double energy = squares - sum * sum / frame;
        double db = energy > 0 ? 10 * Math.log10(energy / frame) : -120.0;
        if (Double.isNaN(floorDb)) {
            floorDb = db;
        }
        boolean speech = db >= floorDb + MARGIN_DB && db >= ABSOLUTE_FLOOR_DBFS;
        floorDb = db < floorDb ? db : Math.min(db, floorDb + FLOOR_RISE_DB_PER_FRAME);
        switch (phase) {
            case IDLE -> {
                if (speech) {
                    l.start(start);
                    phase = Phase.SPEECH;
                    speechFrames = 0;
                    utteranceFrames = 0;
                    feed(x, l, true);
                }
            }
            case SPEECH -> {
                if (speech) {
                    feed(x, l, true);
                } else {
                    phase = Phase.PAUSE;
                    pauseRun = 0;
                    heldFrames = 0;
                    hold(x, l);
                }
            }
            case PAUSE -> {
                if (speech) {
                    phase = Phase.SPEECH;
                    int heldCount = heldFrames;
                    heldFrames = 0;
                    for (int i = 0; i < heldCount && phase == Phase.SPEECH; i++) {
                        feed(Arrays.copyOfRange(held, i * frame, (i + 1) * frame), l, false);
                    }
                    if (phase != Phase.SPEECH) {
                        // force-cut while resuming: this speech frame starts the next utterance
                        l.start(start);
                        phase = Phase.SPEECH;
                        speechFrames = 0;
                        utteranceFrames = 0;
                    }
                    feed(x, l, true);
                } else {
                    hold(x, l);
                }
            }
        }
    }

    private void hold(float[] x, Listener l) {
        System.arraycopy(x, 0, held, heldFrames * frame, frame);
        heldFrames++;
        pauseRun++;
        if (pauseRun >= pauseFrames) {
            finish(l);
        }
    }

    private void feed(float[] x, Listener l, boolean speech) {
        l.audio(x, 0, frame);
        utteranceFrames++;
        if (speech) {
            speechFrames++;
        }
        if (utteranceFrames >= maxFrames) {
            finish(l);
        }
    }

    private void finish(Listener l) {
        if (speechFrames >= minSpeechFrames) {
            l.end();
        } else {
            l.discard();
        }
        phase = Phase.IDLE;
        heldFrames = 0;
    }

    /** End of call or idle timeout: ends an open utterance (held pause audio is dropped). */
    void flush(Listener l) {
        if (phase != Phase.IDLE) {
            finish(l);
        }
    }
}

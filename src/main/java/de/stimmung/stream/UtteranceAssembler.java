package de.stimmung.stream;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallState;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.CallNormalizer;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles the chunks of each call channel into utterances and emits one {@link EmotionEvent}
 * per closed utterance. Rules, in order, per chunk:
 * <ul>
 *   <li>bad chunks (no key, empty, oversized, partial samples, NaN, unsupported or changed
 *       sample rate) throw {@link BadChunkException} before any state changes; the processing
 *       exception handler dead-letters them;</li>
 *   <li>a sequence number below the expected one is a duplicate (or a chunk whose gap was
 *       already skipped): ignored and counted ({@code duplicate-chunks}, {@code late-chunks});</li>
 *   <li>a sequence number above the expected one is a gap: the missing chunks are skipped at
 *       once (their audio is lost, the utterance continues) and counted ({@code gaps});</li>
 *   <li>the chunk is fed to the call's {@link CallSession}, and every utterance that closes is
 *       scored and emitted; whenever the session is then idle the log is truncated and a
 *       checkpoint written, so state stays small; otherwise the chunk is logged;</li>
 *   <li>a wall-clock punctuator closes utterances of calls silent for the idle timeout and
 *       forgets calls silent for the eviction time. Silence is measured on the call's own timeline,
 *       the partition's stream time since its last chunk, and by the wall clock only once the task
 *       has caught up ({@link IdleClock}), so a lagging, paused or restarted service closes no
 *       utterance early: lag costs latency, never a split utterance.</li>
 * </ul>
 * An utterance without speech (the extractor's {@link de.stimmung.features.SpeechPresence}:
 * silence, noise, a tone, DTMF, hum) is not scored: its event says {@code speech=false} and has
 * no emotion, confidence or probabilities (counted as {@code no-speech-utterances}). This holds
 * for marked and VAD-cut utterances alike: the energy VAD also opens utterances on loud
 * non-speech (music on hold, dialling), and an event that says so keeps one event per utterance
 * and tells consumers the line was not quiet, where dropping it would leave a gap in the
 * utterance numbers and no trace.
 *
 * <p>With a {@link CallNormalizer} (per-call speaker adaptation), a speech utterance is scored
 * after the normaliser has remapped its features by the call's earlier speech utterances, and is
 * then added to them; the normaliser's state of each call channel lives in the
 * {@code call-normalizer} store (changelogged, so it survives restarts and moves with the task).
 * It is written once per scored utterance, not per chunk, which is why it is not part of the
 * {@code CallState} that every chunk rewrites. The first utterance of a call is scored exactly as
 * {@code classify} scores it.
 *
 * <p>Each call's decoded {@code CallState} lives in memory beside its session; the
 * {@code call-state} store gets a copy only where a restart needs one: when the call starts, when
 * an utterance is emitted (the count of emitted utterances) and at a checkpoint. Everything else a
 * chunk changes follows from the chunk log, so after every chunk either the stored state is
 * current or the chunk is in the log. After a restart (or when the task moves) a call's stored
 * state is taken back into memory with what the log adds: the next sequence number follows the
 * last logged chunk; when the log holds chunks newer than the stored state, the call's place on
 * the partition's timeline is not known and counts from the stream time at the next punctuation
 * (it may close later, never earlier). The session is rebuilt by replaying the chunk log from the
 * checkpoint; utterances already emitted (counted in the state) are not emitted again. Under
 * exactly-once the count is committed with the events it counts.
 */
final class UtteranceAssembler implements Processor<String, AudioChunk, String, EmotionEvent> {

    static final String STATE_STORE = "call-state";
    static final String LOG_STORE = "chunk-log";
    static final String NORMALIZER_STORE = "call-normalizer";

    private final StreamConfig config;
    private final FeatureExtractor extractor;
    private final EmotionScorer scorer;
    private final ChunkDecoder decoder;
    /** Decodes replayed chunks: the chunk being processed is already decoded in {@link #decoder} when a replay runs. */
    private final ChunkDecoder replayDecoder;
    private final CallNormalizer normalizer;
    /** The calls of this task's partition, by {@link #stateKey}; the truth while the task runs. */
    private final Map<String, LiveCall> calls = new HashMap<>();
    /** Whether the states in the store (restored from the changelog) have been taken into memory. */
    private boolean adopted;
    private final List<ClosedUtterance> closed = new ArrayList<>();
    private ProcessorContext<String, EmotionEvent> context;
    private KeyValueStore<String, CallState> states;
    private KeyValueStore<String, AudioChunk> log;
    private KeyValueStore<String, byte[]> normalizerStates;
    private Sensor duplicates;
    private Sensor late;
    private Sensor gaps;
    private Sensor rejected;
    private Sensor utterances;
    private Sensor noSpeech;
    /** When calls count as silent: by the partition's stream time, by the wall clock once caught up. */
    private IdleClock idleClock;
    /** The stream thread's poll count, found at the first punctuation (which runs on that thread). */
    private java.util.function.LongSupplier polls;

    /** @param normalizer the per-call speaker normaliser, or null to score every utterance on its own */
    UtteranceAssembler(StreamConfig config, FeatureExtractor extractor, EmotionScorer scorer, CallNormalizer normalizer) {
        this.config = config;
        this.extractor = extractor;
        this.scorer = scorer;
        this.normalizer = normalizer;
        this.decoder = new ChunkDecoder(config.maxChunkBytes());
        this.replayDecoder = new ChunkDecoder(config.maxChunkBytes());
    }

    @Override
    public void init(ProcessorContext<String, EmotionEvent> context) {
        this.context = context;
        // init runs again after the task was closed and its stores restored (EOS task corruption)
        calls.clear();
        adopted = false;
        this.states = context.getStateStore(STATE_STORE);
        this.log = context.getStateStore(LOG_STORE);
        this.normalizerStates = context.getStateStore(NORMALIZER_STORE);
        String task = context.taskId().toString();
        duplicates = sensor("duplicate-chunks", task);
        late = sensor("late-chunks", task);
        gaps = sensor("gaps", task);
        rejected = sensor("rejected-chunks", task);
        utterances = sensor("utterances", task);
        noSpeech = sensor("no-speech-utterances", task);
        idleClock = new IdleClock(config.idleTimeout(), config.punctuateEvery(), context.currentSystemTimeMs());
        context.schedule(config.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::closeIdleCalls);
    }

    private Sensor sensor(String operation, String task) {
        return context.metrics().addRateTotalSensor("stimmung", "task-" + task, operation,
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, AudioChunk> record) {
        idleClock.recordArrived(context.currentSystemTimeMs());
        try {
            processChunk(record);
        } catch (BadChunkException e) {
            rejected.record();
            throw e;
        }
    }

    private void processChunk(Record<String, AudioChunk> record) {
        AudioChunk chunk = record.value();
        if (record.key() == null || chunk == null) {
            throw new BadChunkException(DeadLetterKind.MISSING_KEY_OR_VALUE, "record without "
                    + (chunk == null ? "value" : "key (the call id)") + "; AudioChunk records are keyed by call id");
        }
        int n = decoder.decode(chunk);
        String key = stateKey(chunk.getCallId(), chunk.getChannel());
        LiveCall call = calls.get(key);
        if (call == null && !adopted) {
            CallState stored = states.get(key);
            call = stored == null ? null : adopt(key, stored);
        }
        CallState state = call == null ? null : call.state;
        if (state != null && state.getSampleRateHz() != chunk.getSampleRateHz()) {
            throw new BadChunkException(DeadLetterKind.SAMPLE_RATE_CHANGED, "chunk " + chunk.getSequenceNumber()
                    + " of call " + chunk.getCallId() + " channel " + chunk.getChannel() + " has " + chunk.getSampleRateHz()
                    + " Hz but the call started at " + state.getSampleRateHz() + " Hz; a call keeps one rate");
        }
        long seq = chunk.getSequenceNumber();
        if (state == null) {
            state = newState(chunk);
            call = new LiveCall(state);
            call.unsaved = true;
            calls.put(key, call);
        } else if (seq < state.getNextSequence()) {
            // every chunk since the checkpoint was either logged or skipped in a gap: both are duplicates now
            (seq >= state.getCheckpointSequence() ? duplicates : late).record();
            return;
        } else if (seq > state.getNextSequence()) {
            gaps.record();
        }
        CallSession session = session(key, call);
        closed.clear();
        session.accept(chunk, decoder.samples(), n, closed);
        state.setNextSequence(seq + 1);
        state.setLastActivityWallMs(context.currentSystemTimeMs());
        state.setLastChunkStreamTimeMs(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        emit(call, closed, record.timestamp());
        if (chunk.getEndOfCall()) {
            forget(key, call);
            return;
        }
        state.setOpenUtterance(session.hasOpenUtterance());
        if (session.idle()) {
            checkpoint(key, call); // the checkpoint is past this chunk: it need not be logged
        } else {
            log.put(logKey(key, seq), chunk);
            call.logged(seq);
        }
        save(key, call);
    }

    /** Writes the call's state to the store if a restart could not derive its changes from the chunk log. */
    private void save(String key, LiveCall call) {
        if (call.unsaved) {
            states.put(key, call.state);
            call.unsaved = false;
        }
    }

    /**
     * Takes a call's stored state into memory with what the chunk log adds: the chunks logged since
     * the checkpoint, among them any processed after the state was last written.
     */
    private LiveCall adopt(String key, CallState state) {
        LiveCall call = new LiveCall(state);
        try (KeyValueIterator<String, AudioChunk> it = log.range(logKey(key, state.getCheckpointSequence()),
                logKey(key, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                call.logged(it.next().value.getSequenceNumber());
            }
        }
        if (call.lastLogged() >= state.getNextSequence()) {
            state.setNextSequence(call.lastLogged() + 1);
            state.setOpenUtterance(true); // perhaps: the replay tells
            // where its last chunk was on the partition's timeline is not stored: from the next punctuation on
            state.setLastChunkStreamTimeMs(IdleClock.UNKNOWN);
        }
        calls.put(key, call);
        return call;
    }

    /** The first punctuation takes the calls in the store that no chunk brought into memory yet. */
    private void adoptStoredCalls() {
        List<KeyValue<String, CallState>> stored = new ArrayList<>();
        try (KeyValueIterator<String, CallState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, CallState> kv = it.next();
                if (!calls.containsKey(kv.key)) {
                    stored.add(kv);
                }
            }
        }
        stored.forEach(kv -> adopt(kv.key, kv.value));
        adopted = true;
    }

    private CallState newState(AudioChunk chunk) {
        return CallState.newBuilder().setCallId(chunk.getCallId()).setChannel(chunk.getChannel())
                .setSampleRateHz(chunk.getSampleRateHz()).setNextSequence(chunk.getSequenceNumber())
                .setSegmentation(CallSession.modeOf(chunk).name()).setEmittedUtterances(0)
                .setCheckpointSequence(chunk.getSequenceNumber()).setCheckpointUtterances(0).setCheckpointSamples(0)
                .setCheckpointVad(null).setCallStartMs(chunk.getTimestampMs().toEpochMilli())
                .setLastActivityWallMs(context.currentSystemTimeMs()).setOpenUtterance(false).build();
    }

    /** The call's session: cached, or rebuilt from the checkpoint by replaying the chunk log. */
    private CallSession session(String key, LiveCall call) {
        if (call.session != null) {
            return call.session;
        }
        CallState state = call.state;
        CallSession s;
        java.nio.ByteBuffer vad = state.getCheckpointVad();
        byte[] vadBytes = null;
        if (vad != null) {
            vadBytes = new byte[vad.remaining()];
            vad.duplicate().get(vadBytes);
        }
        s = new CallSession(extractor, state.getCallId(), state.getChannel(), state.getSampleRateHz(),
                CallSession.Mode.valueOf(state.getSegmentation()), state.getCheckpointUtterances(),
                state.getCheckpointSamples(), config.maxUtteranceMs(), config.segmentation(), vadBytes);
        List<ClosedUtterance> replayed = new ArrayList<>();
        if (state.getNextSequence() > state.getCheckpointSequence()) {
            try (KeyValueIterator<String, AudioChunk> it = log.range(logKey(key, state.getCheckpointSequence()),
                logKey(key, state.getNextSequence() - 1))) {
            while (it.hasNext()) {
                AudioChunk c = it.next().value;
                int n = replayDecoder.decode(c);
                s.accept(c, replayDecoder.samples(), n, replayed);
            }
            }
        }
        // utterances that closed during the replay were emitted before the restart unless counted otherwise
        call.session = s;
        emit(call, replayed, context.currentSystemTimeMs());
        return s;
    }

    private void emit(LiveCall call, List<ClosedUtterance> list, long timestamp) {
        CallState state = call.state;
        for (ClosedUtterance u : list) {
            if (u.index() < state.getEmittedUtterances()) {
                continue;
            }
            EmotionEvent event = event(call, u);
            context.forward(new Record<>(state.getCallId(), event, timestamp));
            state.setEmittedUtterances(u.index() + 1);
            call.unsaved = true;
            utterances.record();
            if (!u.speech()) {
                noSpeech.record();
            }
        }
    }

    private EmotionEvent event(LiveCall call, ClosedUtterance u) {
        CallState state = call.state;
        long rate = state.getSampleRateHz();
        long start = state.getCallStartMs() + u.startSample() * 1000 / rate;
        long end = state.getCallStartMs() + u.endSample() * 1000 / rate;
        EmotionEvent.Builder event = EmotionEvent.newBuilder().setCallId(state.getCallId())
                .setChannel(state.getChannel()).setUtteranceId(u.utteranceId())
                .setStartTimeMs(Instant.ofEpochMilli(start)).setEndTimeMs(Instant.ofEpochMilli(end))
                .setSpeech(u.speech()).setEmotion(null).setConfidence(null).setProbabilities(null)
                .setModelVersion(scorer.info().version()).setFeatureSpecVersion(extractor.version());
        if (u.speech()) {
            EmotionScorer.Scored scored = scorer.scoreDetailed(normalizer == null ? u.features() : adapt(call, u.features()));
            float[] p = scored.probabilities();
            int best = EmotionScorer.argMax(p);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (Emotion e : Emotion.values()) {
                probabilities.put(e.label(), (double) p[e.ordinal()]);
            }
            event.setEmotion(Emotion.values()[best].label()).setConfidence((double) p[best])
                    .setProbabilities(probabilities).setScoredBy(scored.network());
        }
        return event.setProcessingTimeMs((System.nanoTime() - u.closedAtNanos()) / 1e6).build();
    }

    /**
     * The call's normalised copy of {@code features}; then adds them to the call's history, which
     * stays in memory and is written to the store for a restart (read back from it only once).
     */
    private float[] adapt(LiveCall call, float[] features) {
        String key = stateKey(call.state.getCallId(), call.state.getChannel());
        if (call.history == null) {
            byte[] stored = normalizerStates.get(key);
            call.history = stored == null ? normalizer.start() : CallNormalizer.State.fromBytes(stored, normalizer.dimension());
        }
        float[] adapted = normalizer.apply(call.history, features);
        normalizer.update(call.history, features);
        normalizerStates.put(key, call.history.toBytes());
        return adapted;
    }

    /** Truncates the chunk log: the session is idle, so a restart starts from here. */
    private void checkpoint(String key, LiveCall call) {
        CallState state = call.state;
        CallSession session = call.session;
        deleteLogged(key, call);
        state.setCheckpointSequence(state.getNextSequence());
        state.setCheckpointUtterances(session.nextIndex());
        state.setCheckpointSamples(session.position());
        byte[] vad = session.vadState();
        state.setCheckpointVad(vad == null ? null : java.nio.ByteBuffer.wrap(vad));
        call.unsaved = true;
    }

    /** Deletes the call's logged chunks (put null, not delete: that would read and decode each old value). */
    private void deleteLogged(String key, LiveCall call) {
        for (int i = 0; i < call.loggedCount(); i++) {
            log.put(logKey(key, call.logged(i)), null);
        }
        call.clearLogged();
    }

    private void forget(String key, LiveCall call) {
        deleteLogged(key, call);
        states.put(key, null);
        normalizerStates.delete(key);
        calls.remove(key);
    }

    /** Wall-clock punctuator: closes utterances of idle calls, forgets long-idle calls ({@link IdleClock}). */
    private void closeIdleCalls(long now) {
        if (polls == null) {
            polls = IdleClock.pollsOfThisThread(context.metrics());
        }
        idleClock.tick(now, polls.getAsLong());
        if (!adopted) {
            adoptStoredCalls();
        }
        long streamTime = context.currentStreamTimeMs();
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, LiveCall> e : calls.entrySet()) {
            CallState state = e.getValue().state;
            if (silenceMs(state, streamTime, now) >= config.idleTimeout().toMillis()) {
                idle.add(e.getKey());
            }
            // a state written by an earlier version, or older than the call's logged chunks: its silence on the
            // partition's timeline counts from now
            if (state.getLastChunkStreamTimeMs() == IdleClock.UNKNOWN && streamTime != IdleClock.UNKNOWN) {
                state.setLastChunkStreamTimeMs(streamTime);
            }
        }
        for (String key : idle) {
            LiveCall call = calls.get(key);
            CallState state = call.state;
            if (state.getOpenUtterance()) {
                CallSession session = session(key, call);
                closed.clear();
                session.close(closed);
                emit(call, closed, now);
                if (session.idle()) {
                    checkpoint(key, call);
                }
                state.setOpenUtterance(false);
                save(key, call);
            }
            if (silenceMs(state, streamTime, now) >= config.evictAfter().toMillis()) {
                forget(key, call);
            }
        }
    }

    private long silenceMs(CallState state, long streamTime, long now) {
        return idleClock.silenceMs(state.getLastChunkStreamTimeMs(), state.getLastActivityWallMs(), streamTime, now);
    }

    static String stateKey(String callId, int channel) {
        return callId + "\u0000" + channel;
    }

    /**
     * Log keys sort by sequence number within a call channel (zero-padded). Negative numbers are
     * dead-lettered before they get here ({@link ChunkDecoder}); clamping them would put several
     * chunks under one key.
     */
    static String logKey(String stateKey, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence number " + seq + " has no chunk-log key; numbers start at 0");
        }
        // as String.format("%019d", seq), which was 4-5 % of the stream threads' samples under load
        String digits = Long.toString(seq);
        StringBuilder key = new StringBuilder(stateKey.length() + 20).append(stateKey).append('\u0000');
        for (int i = digits.length(); i < 19; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    @Override
    public void close() {
        calls.clear();
        adopted = false;
    }
}

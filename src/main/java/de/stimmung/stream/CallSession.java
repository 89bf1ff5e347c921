package de.stimmung.stream;

import de.stimmung.avro.AudioChunk;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.features.UtteranceExtraction;
import java.util.List;

/**
 * The in-memory side of one call channel: assembles its audio into utterances and extracts
 * their features incrementally. A deterministic function of its start state and the chunks fed
 * to it, so after a restart the processor rebuilds it by replaying the logged chunks.
 *
 * <p>Two segmentations, chosen by the call's first chunk: MARKED, when the producer sets
 * utterance ids or end-of-utterance flags (those marks rule; a marked utterance longer than the
 * maximum is closed and continues as {@code <id>#2}, {@code #3}, ...), and VAD, when it does
 * not (a voice-activity detector cuts at pauses; see {@link VadSegmentation}).
 * Not thread-safe.
 */
final class CallSession {

    /** How a call's audio is cut into utterances. */
    enum Mode { MARKED, VAD }

    private final FeatureExtractor extractor;
    private final String callId;
    private final int channel;
    private final int rateHz;
    private final Mode mode;
    private final long maxUtteranceSamples;
    private final VadSegmentation vad;
    private UtteranceExtraction extraction;
    private boolean open;
    private String openId;
    private String baseId;
    private int part;
    private long openStart;
    private long openSamples;
    private int nextIndex;
    private long position;

    CallSession(FeatureExtractor extractor, String callId, int channel, int rateHz, Mode mode, int nextIndex,
            long position, long maxUtteranceMs, SegmentationSettings segmentation, byte[] vadState) {
        this.extractor = extractor;
        this.callId = callId;
        this.channel = channel;
        this.rateHz = rateHz;
        this.mode = mode;
        this.nextIndex = nextIndex;
        this.position = position;
        this.maxUtteranceSamples = Math.max(1, maxUtteranceMs * rateHz / 1000);
        this.vad = mode == Mode.VAD ? new VadSegmentation(rateHz, segmentation, vadState) : null;
    }

    static Mode modeOf(AudioChunk first) {
        return first.getUtteranceId() != null || first.getEndOfUtterance() ? Mode.MARKED : Mode.VAD;
    }

    Mode mode() {
        return mode;
    }

    /** Samples of the call accepted so far. */
    long position() {
        return position;
    }

    /** Utterances opened so far (the next one gets this number). */
    int nextIndex() {
        return nextIndex;
    }

    /** True when no utterance is open and nothing is held: a safe point to checkpoint. */
    boolean idle() {
        return !open && (vad == null || vad.idle());
    }

    boolean hasOpenUtterance() {
        return open || (vad != null && !vad.idle());
    }

    /** The detector's state to store at a checkpoint (VAD mode), else null. */
    byte[] vadState() {
        return vad == null ? null : vad.state();
    }

    /** Feeds one chunk's samples; utterances that close are added to {@code out}. */
    void accept(AudioChunk chunk, float[] samples, int n, List<ClosedUtterance> out) {
        if (mode == Mode.MARKED) {
            acceptMarked(chunk, samples, n, out);
        } else {
            vad.accept(samples, n, position, new VadListener(out));
            position += n;
        }
        if (chunk.getEndOfCall()) {
            close(out);
        }
    }

    private void acceptMarked(AudioChunk chunk, float[] samples, int n, List<ClosedUtterance> out) {
        String id = chunk.getUtteranceId();
        if (open && id != null && !id.equals(baseId)) {
            closeUtterance(out);
        }
        int off = 0;
        while (off < n) {
            if (!open) {
                baseId = id != null ? id : callId + "/" + channel + "/" + nextIndex;
                part = 1;
                openUtterance(baseId, position + off);
            }
            int take = (int) Math.min(n - off, maxUtteranceSamples - openSamples);
            extraction.accept(samples, off, take);
            openSamples += take;
            off += take;
            if (openSamples >= maxUtteranceSamples) {
                closeUtterance(out);
                if (off < n || !chunk.getEndOfUtterance()) {
                    part++;
                    openUtterance(baseId + "#" + part, position + off);
                }
            }
        }
        position += n;
        if (chunk.getEndOfUtterance() && open) {
            closeUtterance(out);
        }
    }

    private void openUtterance(String id, long startSample) {
        if (extraction == null) {
            extraction = extractor.start(rateHz);
        } else {
            extraction.reset(rateHz);
        }
        open = true;
        openId = id;
        openStart = startSample;
        openSamples = 0;
        nextIndex++;
    }

    private void closeUtterance(List<ClosedUtterance> out) {
        open = false;
        if (openSamples == 0) {
            return;
        }
        long closedAt = System.nanoTime();
        float[] features = extraction.finish();
        out.add(new ClosedUtterance(nextIndex - 1, openId, openStart, openStart + openSamples, features,
                extraction.speech().speech(), closedAt));
    }

    /** Closes whatever is open (idle timeout, end of call); held pause audio is dropped. */
    void close(List<ClosedUtterance> out) {
        if (vad != null) {
            vad.flush(new VadListener(out));
        }
        if (open) {
            closeUtterance(out);
        }
    }

    /** Applies the detector's decisions to this session; closed utterances go to {@code out}. */
    private final class VadListener implements VadSegmentation.Listener {
        private final List<ClosedUtterance> out;

        VadListener(List<ClosedUtterance> out) {
            this.out = out;
        }

        @Override
        public void start(long sample) {
            openUtterance(callId + "/" + channel + "/" + nextIndex, sample);
        }

        @Override
        public void audio(float[] buf, int off, int len) {
            extraction.accept(buf, off, len);
            openSamples += len;
        }

        @Override
        public void end() {
            closeUtterance(out);
        }

        @Override
        public void discard() {
            open = false;
            nextIndex--;
        }
    }
}

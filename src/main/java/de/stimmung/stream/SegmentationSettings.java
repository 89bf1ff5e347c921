package de.stimmung.stream;

/**
 * How the service cuts continuous (unmarked) call audio into utterances.
 *
 * @param pauseMs        a pause of at least this long ends an utterance
 * @param maxUtteranceMs an utterance is force-cut at this length
 * @param minSpeechMs    utterances with less speech than this are ignored
 */
public record SegmentationSettings(int pauseMs, int maxUtteranceMs, int minSpeechMs) {

    public SegmentationSettings {
        if (pauseMs < 10 || maxUtteranceMs < 100 || minSpeechMs < 0 || minSpeechMs > maxUtteranceMs) {
            throw new IllegalArgumentException("segmentation settings out of range: pause " + pauseMs + " ms, max utterance "
                    + maxUtteranceMs + " ms, min speech " + minSpeechMs + " ms");
        }
    }

    /** 300 ms pauses, 10 s maximum, 400 ms minimum speech. */
    public static SegmentationSettings defaults() {
        return new SegmentationSettings(300, 10_000, 400);
    }
}

package de.stimmung.stream;

/**
 * An utterance that just closed: its number within the call channel, its id, where it lies in
 * the call's audio (samples at the call's rate), its feature vector and whether it holds speech.
 *
 * @param index          0-based number of the utterance within its call channel
 * @param utteranceId    the producer's id, or {@code <callId>/<channel>/<index>}
 * @param startSample    first sample, counted from the call's first sample
 * @param endSample      one past the last sample
 * @param features       the feature vector
 * @param speech         false when the extractor found no speech in it (it then gets no emotion)
 * @param closedAtNanos  {@link System#nanoTime()} when it closed (for the processing time)
 */
record ClosedUtterance(int index, String utteranceId, long startSample, long endSample, float[] features,
        boolean speech, long closedAtNanos) {
}

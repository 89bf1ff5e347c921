package de.stimmung.features;

/**
 * Whether an utterance holds speech, with the evidence the decision rests on
 * ({@link SpeechDetector} explains the rule). An utterance without speech (silence, noise, a
 * tone, DTMF, hum, clicks) gets no emotion. Immutable.
 *
 * @param speech            true when the utterance holds enough speech to be given an emotion
 * @param voicedMs          duration of all frames the pitch analysis found voiced, in milliseconds
 * @param intonedMs         duration of intoned voicing, in milliseconds: smooth voiced stretches
 *                          whose F0 moves by at least half a semitone (a tone, hum or DTMF digit has
 *                          voicing but a flat F0)
 * @param levelModulationDb spread of the frame level, in dB: the 90th minus the 10th percentile of
 *                          the RMS level over the frames within the spec's active range of the
 *                          loudest (speech rises and falls by syllables and pauses; steady sounds do not)
 */
public record SpeechPresence(boolean speech, double voicedMs, double intonedMs, double levelModulationDb) {
}

package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.Resampler;
import de.stimmung.audio.SampleCodec;
import de.stimmung.audio.WavFile;
import de.stimmung.audio.SampleEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The speech-presence decision, measured: real speech (EmoDB clean and through an 8 kHz G.711
 * telephone copy, the shipped espeak-ng demo clips) must count as speech, and a seeded synthetic
 * set of non-speech sounds ({@link NonSpeechSignals}) must not. The rates are printed. The seed
 * differs from the one the thresholds were chosen on.
 */
class SpeechDetectionTest {

    /** At most this fraction of real utterances may be flagged as no speech. */
    private static final double MAX_SPEECH_FLAGGED = 0.01;
    /** At least this fraction of the non-speech set must be flagged. */
    private static final double MIN_NON_SPEECH_FLAGGED = 0.99;
    private static final long SEED = 20_261_201L;

    private final FeatureExtractor fx = FeatureExtractor.withDefaults();

    private static SpeechPresence presence(UtteranceExtraction session, float[] samples, int rateHz) {
        session.reset(rateHz);
        session.accept(samples);
        session.finish();
        return session.speech();
    }

    @Test
    void atLeast99PercentOfASeededNonSpeechSetAt8And16KHzIsFlagged() {
        UtteranceExtraction session = fx.start(16_000);
        int total = 0;
        List<String> missed = new ArrayList<>();
        for (int rate : new int[] {8_000, 16_000}) {
            for (NonSpeechSignals.Signal s : NonSpeechSignals.generate(rate, SEED + rate)) {
                SpeechPresence p = presence(session, s.samples(), rate);
                total++;
                if (p.speech()) {
                    missed.add(s.name() + " " + p);
                }
            }
        }
        double flagged = 1 - (double) missed.size() / total;
        System.out.printf(Locale.ROOT, "non-speech set: %d of %d flagged as no speech (%.2f %%)%n",
                total - missed.size(), total, 100 * flagged);
        missed.forEach(m -> System.out.println("  taken for speech: " + m));
        assertTrue(total >= 300, "the set should hold several hundred signals, has " + total);
        assertTrue(flagged >= MIN_NON_SPEECH_FLAGGED, String.format(Locale.ROOT,
                "only %.2f %% of the non-speech set flagged (need >= %.0f %%); taken for speech: %s", 100 * flagged,
                100 * MIN_NON_SPEECH_FLAGGED, missed));
    }

    @Test
    void atMostOnePercentOfEmoDbIsFlaggedCleanOrThroughAMuLawOrALawTelephoneCopy() throws IOException {
        Path wav = EmoDbExtractionTest.emoDbWavFolder();
        List<Path> files;
        try (Stream<Path> s = Files.list(wav)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertTrue(files.size() >= 400, "expected the 418 files of the shared copy, found " + files.size());
        UtteranceExtraction session = fx.start(16_000);
        String[] copies = {"clean", "8 kHz mu-law", "8 kHz A-law"};
        List<List<String>> flagged = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        double[] leastIntonedMs = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] leastModulationDb = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (Path f : files) {
            PcmAudio audio = WavFile.read(f);
            float[] narrow = Resampler.resample(audio.samples(), audio.sampleRateHz(), 8_000);
            SpeechPresence[] p = {
                presence(session, audio.samples(), audio.sampleRateHz()),
                presence(session, g711RoundTrip(narrow, SampleEncoding.MULAW), 8_000),
                presence(session, g711RoundTrip(narrow, SampleEncoding.ALAW), 8_000)};
            for (int c = 0; c < copies.length; c++) {
                leastIntonedMs[c] = Math.min(leastIntonedMs[c], p[c].intonedMs());
                leastModulationDb[c] = Math.min(leastModulationDb[c], p[c].levelModulationDb());
                if (!p[c].speech()) {
                    flagged.get(c).add(f.getFileName() + " " + p[c]);
                }
            }
        }
        for (int c = 0; c < copies.length; c++) {
            double rate = (double) flagged.get(c).size() / files.size();
            System.out.printf(Locale.ROOT, "EmoDB %s: %d of %d flagged as no speech (%.2f %%); least intonation %.0f ms,"
                    + " least level modulation %.1f dB%n", copies[c], flagged.get(c).size(), files.size(), 100 * rate,
                    leastIntonedMs[c], leastModulationDb[c]);
            flagged.get(c).forEach(m -> System.out.println("  flagged: " + m));
            assertTrue(rate <= MAX_SPEECH_FLAGGED, String.format(Locale.ROOT,
                    "%.2f %% of EmoDB (%s) flagged as no speech (allowed %.0f %%): %s", 100 * rate, copies[c],
                    100 * MAX_SPEECH_FLAGGED, flagged.get(c)));
        }
    }

    private static float[] g711RoundTrip(float[] samples, SampleEncoding law) {
        SampleCodec codec = SampleCodec.forEncoding(law);
        byte[] coded = codec.encode(samples, 0, samples.length);
        float[] decoded = new float[samples.length];
        codec.decode(coded, 0, coded.length, decoded, 0);
        return decoded;
    }

    @Test
    void everyShippedDemoClipCountsAsSpeech() throws IOException {
        Path demo = Path.of("src/main/resources/demo");
        List<Path> clips;
        try (Stream<Path> s = Files.list(demo)) {
            clips = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertEquals(6, clips.size(), "the demo ships six clips in " + demo);
        UtteranceExtraction session = fx.start(8_000);
        for (Path clip : clips) {
            PcmAudio audio = WavFile.read(clip);
            SpeechPresence p = presence(session, audio.samples(), audio.sampleRateHz());
            System.out.println("demo " + clip.getFileName() + ": " + p);
            assertTrue(p.speech(), clip.getFileName() + " is espeak-ng speech, yet " + p);
        }
    }

    @Test
    void silenceAndASteadyToneAreNoSpeechAndTheirEvidenceSaysWhy() {
        UtteranceExtraction session = fx.start(16_000);
        SpeechPresence silence = presence(session, new float[16_000], 16_000);
        assertEquals(new SpeechPresence(false, 0, 0, 0), silence);
        SpeechPresence tone = presence(session, Signals.sine(220, 0.3, 2.0, 16_000), 16_000);
        assertFalse(tone.speech(), tone.toString());
        assertTrue(tone.voicedMs() > 1500, "a 220 Hz tone is voiced throughout: " + tone);
        assertEquals(0, tone.intonedMs(), "its F0 is flat: " + tone);
    }

    @Test
    void askingForSpeechLeavesTheFeatureVectorAsItIs() {
        float[] x = Signals.speechLike(2.0, 16_000, 5);
        UtteranceExtraction session = fx.start(16_000);
        session.accept(x);
        float[] vector = session.finish();
        assertTrue(session.speech().speech(), "a gliding voiced signal with pauses passes for speech: " + session.speech());
        assertArrayEquals(fx.extract(x, 16_000), vector);
    }

    @Test
    void speechIsUnknownBeforeTheUtteranceIsFinished() {
        UtteranceExtraction session = fx.start(16_000);
        session.accept(new float[1600]);
        var e = assertThrows(IllegalStateException.class, session::speech);
        assertTrue(e.getMessage().contains("call finish() first"), e.getMessage());
    }
}

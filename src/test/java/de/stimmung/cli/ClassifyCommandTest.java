package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

    private static final FeatureExtractor FX = FeatureExtractor.withDefaults();

    static float[] voiced(double f0, double seconds, int rate) {
        float[] x = new float[(int) (seconds * rate)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 2 * t)) / rate;
            x[i] = (float) (0.3 * Math.sin(Math.PI * t / seconds) * (Math.sin(phase) + 0.4 * Math.sin(2 * phase)));
        }
        return x;
    }

    @Test
    void classifyPrintsOneLinePerFileWithEveryLabelAndTheScorersProbabilities(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(voiced(130, 1.5, 16000), 16000), dir.resolve("low.wav"));
        WavFile.write(new PcmAudio(voiced(260, 1.0, 8000), 8000), dir.resolve("high.wav"));
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("classify", dir.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        try (EmotionScorer scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension())) {
            for (String l : lines) {
                JsonNode n = json.readTree(l);
                PcmAudio audio = WavFile.read(Path.of(n.get("file").asText()));
                EmotionScorer.Scored scored = scorer.scoreDetailed(FX.extract(audio.samples(), audio.sampleRateHz()));
                float[] expected = scored.probabilities();
                List<String> keys = new java.util.ArrayList<>(List.of("file", "emotion", "confidence", "probabilities",
                        "speech", "durationMs"));
                if (scored.network() != null) {
                    keys.add("scoredBy");
                    assertEquals(scored.network(), n.get("scoredBy").asText(), l);
                }
                assertEquals(keys, iterableToList(n.fieldNames()));
                if (audio.sampleRateHz() == 8000 && scorer.perChannel()) {
                    assertEquals("telephone", n.get("scoredBy").asText(), "8 kHz audio has nothing above 4 kHz: " + l);
                }
                double sum = 0;
                for (Emotion e : Emotion.values()) {
                    assertEquals(expected[e.ordinal()], n.get("probabilities").get(e.label()).floatValue(), 0f, e.label());
                    sum += n.get("probabilities").get(e.label()).doubleValue();
                }
                assertEquals(1.0, sum, 1e-5);
                assertEquals(Emotion.values()[EmotionScorer.argMax(expected)].label(), n.get("emotion").asText());
                assertEquals(n.get("probabilities").get(n.get("emotion").asText()).floatValue(), n.get("confidence").floatValue());
                assertTrue(n.get("speech").asBoolean(), l);
            }
            assertEquals(1000, json.readTree(lines.get(0)).get("durationMs").asLong());
        }
    }

    @Test
    void silenceNoiseAToneAndDtmfGetNoEmotionButTheShippedSpeechClipsDo(@TempDir Path dir) throws Exception {
        int rate = 8000;
        float[] noise = new float[2 * rate];
        float[] tone = new float[2 * rate];
        float[] dtmf = new float[2 * rate];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < noise.length; i++) {
            double t = (double) i / rate;
            noise[i] = (float) (0.3 * (random.nextDouble() - 0.5));
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t));
            dtmf[i] = (float) (0.2 * Math.sin(2 * Math.PI * 770 * t) + 0.2 * Math.sin(2 * Math.PI * 1336 * t));
        }
        WavFile.write(new PcmAudio(new float[2 * rate], rate), dir.resolve("a-silence.wav"));
        WavFile.write(new PcmAudio(noise, rate), dir.resolve("b-noise.wav"));
        WavFile.write(new PcmAudio(tone, rate), dir.resolve("c-tone.wav"));
        WavFile.write(new PcmAudio(dtmf, rate), dir.resolve("d-dtmf.wav"));
        Path clip = Path.of("src/main/resources/demo/02-ruhig.wav");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("classify", dir.toString(), clip.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        for (String l : lines.subList(0, 4)) {
            JsonNode n = json.readTree(l);
            assertEquals(List.of("file", "emotion", "speech", "durationMs"), iterableToList(n.fieldNames()), l);
            assertTrue(n.get("emotion").isNull() && !n.get("speech").asBoolean(), l);
            assertEquals(2000, n.get("durationMs").asLong(), l);
        }
        JsonNode speech = json.readTree(lines.get(4));
        assertTrue(speech.get("speech").asBoolean() && speech.get("emotion").isTextual(), lines.get(4));
        assertEquals(Emotion.values().length, speech.get("probabilities").size(), lines.get(4));
    }

    @Test
    void aModelThatDoesNotFitIsARuntimeErrorThatSaysWhy(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(voiced(130, 0.5, 16000), 16000), dir.resolve("a.wav"));
        Path junk = dir.resolve("model.onnx");
        Files.writeString(junk, "junk");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("classify", "--model", junk.toString(), dir.resolve("a.wav").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not a loadable ONNX model"), r.err());
    }

    @Test
    void emoDbRecordingsAreClassifiedMostlyCorrectly() throws Exception {
        Path wav = Path.of(System.getProperty("stimmung.emodb", "../shared/emodb")).resolve("wav");
        assumeTrue(Files.isDirectory(wav), "EmoDB not found at " + wav.toAbsolutePath() + ": skipping");
        // the shipped model was trained on these files: this checks the classify path end to end,
        // not generalisation (the cross-validation report does that)
        List<Path> files;
        try (var s = Files.list(wav)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().limit(60).toList();
        }
        FeaturesCommandTest.Run r = FeaturesCommandTest.run(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("classify"), files.stream().map(Path::toString))
                        .toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        ObjectMapper json = new ObjectMapper();
        int correct = 0;
        for (String l : r.out().lines().toList()) {
            JsonNode n = json.readTree(l);
            char code = Path.of(n.get("file").asText()).getFileName().toString().charAt(5);
            if (Emotion.fromEmoDbCode(code).label().equals(n.get("emotion").asText())) {
                correct++;
            }
        }
        assertTrue(correct >= 45, correct + " of 60 training recordings classified correctly");
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

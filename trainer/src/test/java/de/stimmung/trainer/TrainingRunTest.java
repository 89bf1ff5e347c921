package de.stimmung.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.model.ModelContract;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole trainer run on a small synthesised corpus: model, parity, reports, determinism. */
class TrainingRunTest {

    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void corpus() throws Exception {
        corpus = SyntheticCorpus.write(dir.resolve("emodb"), new String[] {"03", "08", "10", "14"}, 2, 16000);
    }

    static TrainingSettings settings(Path out, Path cache) {
        return new TrainingSettings(corpus, out.resolve("model.onnx"), out.resolve("reports"), out.resolve("README.md"),
                cache, 7, List.of("LGC", "netBn50", "netBn50Aug"), new double[] {0.9}, 2, true, null, 1, true, true, true);
    }

    @Test
    void aRunExportsAModelThatOnnxRuntimeScoresLikeTheNetworkAndWritesTheReports() throws Exception {
        Path out = dir.resolve("run1");
        TrainingRun.Outcome o = new TrainingRun(settings(out, dir.resolve("cache")), new PrintStream(
                java.io.OutputStream.nullOutputStream()), ProgressReporter.SILENT).run();
        assertTrue(o.parityMaxAbsDiff() <= 1e-5, "ONNX parity " + o.parityMaxAbsDiff());
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (EmotionScorer scorer = EmotionScorer.load(out.resolve("model.onnx"), fx.version(), fx.dimension())) {
            assertEquals(fx.version(), scorer.info().featureSpecHash());
            assertEquals(o.modelVersion(), scorer.info().version());
            assertTrue(scorer.info().metadata().get(ModelContract.CV_SCORES).contains("leave-one-speaker-out"));
            assertTrue(scorer.info().metadata().containsKey(ModelContract.TRAINING_DATA_FINGERPRINT));
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("reports/cv-report.json").toFile());
        assertEquals("leave-one-speaker-out", json.get("protocol").asText());
        assertEquals(List.of("03", "08", "10", "14"), new ObjectMapper().convertValue(json.get("speakers"), List.class));
        assertEquals(5, json.get("models").size(), "3 configurations + 2 speaker-adapted variants");
        assertTrue(List.of("netBn50", "netBn50Aug").contains(json.get("selected").asText()), json.get("selected").asText());
        for (JsonNode m : json.get("models")) {
            for (String k : List.of("macroF1", "precision", "recall", "accuracy")) {
                assertTrue(m.get(k).has("mean") && m.get(k).has("std"), m.get("name") + " lacks " + k);
            }
        }
        for (JsonNode m : json.get("models")) {
            for (String ch : List.of("clean", "mulaw8k", "alaw8k")) {
                assertTrue(m.get("byChannel").get(ch).get("macroF1").has("mean"), m.get("name") + " lacks channel " + ch);
            }
        }
        JsonNode nested = json.get("nested");
        assertTrue(nested.get("macroF1").has("mean") && nested.get("macroF1").has("std"), nested.toString());
        for (String ch : List.of("clean", "mulaw8k", "alaw8k")) {
            assertTrue(nested.get("byChannel").get(ch).get("macroF1").has("mean"), "nested lacks " + ch);
            assertTrue(nested.get("byGender").get(ch).has("female") && nested.get("byGender").get(ch).has("male"));
            assertTrue(nested.get("byGender").get(ch).get("gapStandardError").asDouble() > 0, "the gap's error");
        }
        assertEquals(4, nested.get("chosen").size(), "one inner choice per outer fold");
        JsonNode cal = json.get("calibration");
        for (String k : List.of("ece", "brier", "logLoss")) {
            assertTrue(cal.get(k).has("before") && cal.get(k).has("after"), "calibration lacks " + k);
            assertTrue(cal.get("byChannel").get("mulaw8k").get(k).has("after"), "calibration by channel lacks " + k);
        }
        assertTrue(Files.size(out.resolve("reports/reliability.png")) > 10_000);
        assertEquals(7, json.get("perClass").size());
        assertEquals(7, json.get("confusionMatrix").get("counts").size());
        assertTrue(Files.size(out.resolve("reports/confusion-matrix.png")) > 10_000);
        // the per-call adaptation study: its report, and its normaliser and verdict inside the model
        JsonNode calls = new ObjectMapper().readTree(out.resolve("reports/call-adaptation.json").toFile());
        java.util.Set<String> scenarios = new java.util.TreeSet<>();
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (JsonNode c : calls.get("cells")) {
            scenarios.add(c.get("scenario").asText());
            methods.add(c.get("method").asText());
            assertTrue(c.get("macroF1").has("mean") && c.get("accuracy").has("mean") && c.get("utterances").asInt() > 0);
        }
        assertEquals(java.util.Set.of("angry-throughout", "mostly-neutral", "random-order"), scenarios);
        assertTrue(methods.contains("none") && methods.contains("all k=5") && methods.contains("voice k=5"), methods.toString());
        try (EmotionScorer scorer = EmotionScorer.load(out.resolve("model.onnx"), fx.version(), fx.dimension())) {
            assertEquals(fx.dimension(), scorer.callNormalizer().orElseThrow().dimension());
            assertEquals(calls.get("wins").asBoolean(), scorer.callNormalizerRecommended());
        }
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains(o.modelVersion()) && card.contains("## Limits"), card);
        // the synthetic classes are learnable: the network must do far better than chance (1/7)
        double f1 = json.get("models").get(1).get("macroF1").get("mean").asDouble();
        assertTrue(f1 > 0.5, "netBn50 macro F1 on the synthetic corpus " + f1);
    }

    @Test
    void aModelPerChannelShipsATemperaturePerNetworkThatOnnxRuntimeApplies() throws Exception {
        Path out = dir.resolve("routed");
        TrainingSettings routed = new TrainingSettings(corpus, out.resolve("model.onnx"), out.resolve("reports"),
                out.resolve("README.md"), dir.resolve("cache"), 7, List.of(Configurations.ROUTED), new double[] {0.9}, 2,
                false, Configurations.ROUTED, 1, false, true, false);
        TrainingRun.Outcome o = new TrainingRun(routed, new PrintStream(java.io.OutputStream.nullOutputStream()),
                ProgressReporter.SILENT).run();
        // the run's own parity check compared ONNX Runtime with the Java model, row by row, routing included
        assertTrue(o.parityMaxAbsDiff() <= 1e-5, "ONNX parity " + o.parityMaxAbsDiff());
        JsonNode json = new ObjectMapper().readTree(out.resolve("reports/cv-report.json").toFile());
        JsonNode t = json.get("extra").get("calibrationTemperatures");
        assertEquals(2, t.size(), "wideband and telephone temperatures: " + t);
        assertTrue(t.get(0).asDouble() != t.get(1).asDouble(), "each network is fitted on its own rows: " + t);
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (EmotionScorer scorer = EmotionScorer.load(out.resolve("model.onnx"), fx.version(), fx.dimension())) {
            assertTrue(scorer.perChannel());
            JsonNode config = new ObjectMapper().readTree(scorer.info().metadata().get(ModelContract.CONFIG));
            assertEquals(t.get(0).asDouble(), config.get("temperature").asDouble(), 1e-4);
            assertEquals(t.get(1).asDouble(), config.get("routing").get("telephoneTemperature").asDouble(), 1e-4);
        }
        assertTrue(Files.readString(out.resolve("README.md")).contains("temperature scaling per network"));
    }

    @Test
    void theSameSeedGivesTheSameModelBytesAndReports() throws Exception {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        new TrainingRun(settings(a, dir.resolve("cacheA")), quiet, ProgressReporter.SILENT).run();
        new TrainingRun(settings(b, null), quiet, ProgressReporter.SILENT).run();
        assertArrayEquals(Files.readAllBytes(a.resolve("model.onnx")), Files.readAllBytes(b.resolve("model.onnx")),
                "model bytes differ between two runs with the same seed (one cached, one not)");
        assertEquals(Files.readString(a.resolve("reports/cv-report.json")), Files.readString(b.resolve("reports/cv-report.json")));
        assertEquals(Files.readString(a.resolve("reports/cv-report.md")), Files.readString(b.resolve("reports/cv-report.md")));
        assertEquals(Files.readString(a.resolve("README.md")).replace(a.toString(), ""),
                Files.readString(b.resolve("README.md")).replace(b.toString(), ""));
    }
}

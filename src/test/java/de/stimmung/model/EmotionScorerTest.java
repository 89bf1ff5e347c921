package de.stimmung.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.features.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmotionScorerTest {

    private static final FeatureExtractor FX = FeatureExtractor.withDefaults();

    @Test
    void scoresEqualSoftmaxOfTheModelsOwnWeights() {
        int d = 12;
        try (EmotionScorer s = EmotionScorer.load(TestModels.linearSoftmax(d, TestModels.validMetadata("abc", d)), "test",
                "abc", d)) {
            SplittableRandom r = new SplittableRandom(3);
            float[][] w = TestModels.weights(d);
            float[] b = TestModels.bias();
            for (int trial = 0; trial < 20; trial++) {
                float[] x = new float[d];
                for (int j = 0; j < d; j++) {
                    x[j] = (float) r.nextGaussian();
                }
                double[] z = new double[7];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 7; c++) {
                    z[c] = b[c];
                    for (int j = 0; j < d; j++) {
                        z[c] += w[c][j] * x[j];
                    }
                    max = Math.max(max, z[c]);
                }
                double sum = 0;
                for (int c = 0; c < 7; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                float[] p = s.score(x);
                for (int c = 0; c < 7; c++) {
                    assertEquals(z[c] / sum, p[c], 1e-6, "class " + c);
                }
            }
            assertEquals("test-1", s.info().version());
        }
    }

    @Test
    void aPerChannelModelSaysWhichNetworkScoredEachRowAndAOneNetworkModelSaysNothing() {
        int d = 6;
        try (EmotionScorer perChannel = EmotionScorer.load(TestModels.perChannelLinearSoftmax(d,
                TestModels.validMetadata("abc", d)), "per-channel", "abc", d);
             EmotionScorer single = EmotionScorer.load(TestModels.linearSoftmax(d, TestModels.validMetadata("abc", d)),
                     "single", "abc", d)) {
            assertTrue(perChannel.perChannel());
            assertFalse(single.perChannel());
            float[][] rows = {{0.5f, 1, 2, 3, 4, 5}, {-0.5f, 1, 2, 3, 4, 5}, {0f, 0, 0, 0, 0, 0}};
            EmotionScorer.Scored[] scored = perChannel.scoreDetailed(rows);
            assertEquals(List.of("wideband", "telephone", "wideband"),
                    Arrays.stream(scored).map(EmotionScorer.Scored::network).toList());
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(single.score(rows[i]), scored[i].probabilities(), 1e-7f, "row " + i);
                assertEquals(scored[i].network(), perChannel.scoreDetailed(rows[i]).network(), "row " + i + " alone");
                assertNull(single.scoreDetailed(rows[i]).network());
            }
        }
    }

    @Test
    void aModelOfAnotherFeatureSpecIsRefusedNamingBothHashes() {
        byte[] m = TestModels.linearSoftmax(FX.dimension(), TestModels.validMetadata("0123456789abcdef", FX.dimension()));
        ModelContractException e = assertThrows(ModelContractException.class,
                () -> EmotionScorer.load(m, "old.onnx", FX.version(), FX.dimension()));
        assertTrue(e.getMessage().contains("0123456789abcdef") && e.getMessage().contains(FX.version())
                && e.getMessage().contains("retrain"), e.getMessage());
    }

    @Test
    void aModelOfAnotherInputSizeIsRefused() {
        byte[] m = TestModels.linearSoftmax(10, TestModels.validMetadata(FX.version(), 10));
        ModelContractException e = assertThrows(ModelContractException.class,
                () -> EmotionScorer.load(m, "small.onnx", FX.version(), FX.dimension()));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains(String.valueOf(FX.dimension())), e.getMessage());
    }

    @Test
    void missingMetadataWrongLabelsAndWrongTensorNamesAreRefused() {
        Map<String, String> noHash = TestModels.validMetadata("h", 4);
        noHash.remove(ModelContract.FEATURE_SPEC_HASH);
        assertTrue(assertThrows(ModelContractException.class, () -> EmotionScorer.load(TestModels.linearSoftmax(4, noHash),
                "x", "h", 4)).getMessage().contains(ModelContract.FEATURE_SPEC_HASH));
        Map<String, String> labels = TestModels.validMetadata("h", 4);
        labels.put(ModelContract.LABELS, "happy,sad,angry,neutral,fear,disgust,boredom");
        assertTrue(assertThrows(ModelContractException.class, () -> EmotionScorer.load(TestModels.linearSoftmax(4, labels),
                "x", "h", 4)).getMessage().contains("labels"));
        assertTrue(assertThrows(ModelContractException.class, () -> EmotionScorer.load(TestModels.linearSoftmax(4,
                TestModels.validMetadata("h", 4), "input"), "x", "h", 4)).getMessage().contains("no input named 'features'"));
    }

    @Test
    void aFileThatIsNotOnnxOrMissingIsRefusedClearly(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "definitely not protobuf");
        assertTrue(assertThrows(ModelContractException.class, () -> EmotionScorer.load(junk, "h", 4)).getMessage()
                .contains("not a loadable ONNX model"));
        assertTrue(assertThrows(ModelContractException.class, () -> EmotionScorer.load(dir.resolve("nope.onnx"), "h", 4))
                .getMessage().contains("cannot read model file"));
    }

    @Test
    void aVectorOfTheWrongLengthIsRejected() {
        try (EmotionScorer s = EmotionScorer.load(TestModels.linearSoftmax(4, TestModels.validMetadata("h", 4)), "t", "h", 4)) {
            assertThrows(IllegalArgumentException.class, () -> s.score(new float[5]));
        }
    }

    @Test
    void theShippedModelFitsThisExtractorAndGivesProbabilitiesThatSumToOne() {
        try (EmotionScorer s = EmotionScorer.loadBundled(FX.version(), FX.dimension())) {
            float[] audio = new float[16000];
            for (int i = 0; i < audio.length; i++) {
                audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 150 * i / 16000.0) * Math.sin(Math.PI * i / 16000.0));
            }
            float[] p = s.score(FX.extract(audio, 16000));
            double sum = 0;
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1, "probability " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(FX.version(), s.info().featureSpecHash());
        }
    }
}

package de.stimmung.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnx.proto.OnnxMl;
import de.stimmung.model.Emotion;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.ChannelGate;
import de.stimmung.trainer.learners.MlpClassifier;
import de.stimmung.trainer.learners.MlpConfig;
import de.stimmung.trainer.learners.MlpLearner;
import de.stimmung.trainer.learners.SeparableBlobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OnnxExporterTest {

    private static final double TOLERANCE = 1e-5;
    private static final FeatureTable DATA = SeparableBlobs.table(300, 60, 7, 23);
    private static final FeatureTable TRAIN = SeparableBlobs.rows(DATA, 0, 210);
    private static final OnnxExportOptions OPTIONS = new OnnxExportOptions("3f2a9bc1", "7", "emodb-535-abc123",
            "{\"uar\":0.81,\"folds\":10}");

    private static MlpClassifier fit(MlpConfig config, long seed) {
        return new MlpLearner(config.withEpochs(10)).fit(TRAIN, seed);
    }

    @Test
    void onnxRuntimeMatchesDjlWithinTolerancePlainBatchNormAndDropoutNets() throws OrtException {
        for (MlpConfig config : List.of(MlpConfig.standardNet(50), MlpConfig.netBn(50), MlpConfig.netBnDr(50))) {
            MlpClassifier model = fit(config, 5);
            float[][] djl = model.predictProba(DATA.features());
            float[][] ort = scoreWithOnnxRuntime(OnnxExporter.toBytes(model, OPTIONS), DATA.features());
            double maxDiff = 0;
            for (int i = 0; i < djl.length; i++) {
                assertEquals(Emotion.values().length, ort[i].length);
                for (int c = 0; c < djl[i].length; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(djl[i][c] - ort[i][c]));
                }
            }
            System.out.printf("%s: max |ORT - DJL| over %d x 7 probabilities = %.2e%n",
                    config.name(), djl.length, maxDiff);
            assertTrue(maxDiff <= TOLERANCE, config.name() + ": max |ORT - DJL| " + maxDiff + " > " + TOLERANCE);
        }
    }

    @Test
    void calibratedSingleNetsAndSeedEnsemblesScoreInOnnxRuntimeAsInJava() throws OrtException {
        MlpClassifier a = fit(MlpConfig.netBnDr(50), 5);
        MlpClassifier b = fit(MlpConfig.netBnDr(50), 6);
        for (ExportableModel model : List.of(new ExportableModel(List.of(a), 2.5), new ExportableModel(List.of(a, b), 1.0),
                new ExportableModel(List.of(a, b), 0.7))) {
            float[][] java = model.predictProba(DATA.features());
            float[][] ort = scoreWithOnnxRuntime(OnnxExporter.toModel(model, OPTIONS).toByteArray(), DATA.features());
            double maxDiff = 0;
            for (int i = 0; i < java.length; i++) {
                for (int c = 0; c < java[i].length; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(java[i][c] - ort[i][c]));
                }
            }
            assertTrue(maxDiff <= TOLERANCE, model.describe() + ": max |ORT - Java| " + maxDiff);
        }
        // a temperature above 1 softens: the top probability falls, the ranking stays
        float[][] plain = a.predictProba(DATA.features());
        float[][] soft = new ExportableModel(List.of(a), 2.5).predictProba(DATA.features());
        for (int i = 0; i < plain.length; i++) {
            assertEquals(argmax(plain[i]), argmax(soft[i]));
            assertTrue(soft[i][argmax(soft[i])] <= plain[i][argmax(plain[i])] + 1e-6f);
        }
        assertArrayEquals(OnnxExporter.toBytes(a, OPTIONS),
                OnnxExporter.toModel(new ExportableModel(List.of(a), 1.0), OPTIONS).toByteArray(),
                "one member at temperature 1 is exactly the single-network export");
    }

    @Test
    void aChannelRoutedModelScoresEachRowWithItsBranchAndItsTemperatureInOnnxRuntimeAsInJava() throws OrtException {
        MlpClassifier wide = fit(MlpConfig.netBnDr(50), 5);
        MlpClassifier telephone = fit(MlpConfig.netBnDr(50), 6);
        // feature 3 of the blobs is about 30 +- 5, feature 3 - feature 5 about -20 +- 9: the rows take every path
        ChannelGate gate = new ChannelGate(3, 5, 30f, -20f);
        ExportableModel routed = new ExportableModel(List.of(wide), 1.7,
                new ExportableModel.Routing(gate, List.of(telephone), 0.6));
        float[][] x = DATA.features();
        float[][] java = routed.predictProba(x);
        byte[] bytes = OnnxExporter.toModel(routed, OPTIONS).toByteArray();
        float[][] ort = scoreWithOnnxRuntime(bytes, x);
        float[][] flags = output(bytes, x, de.stimmung.model.ModelContract.WIDEBAND_OUTPUT);
        float[][] wideAlone = new ExportableModel(List.of(wide), 1.7).predictProba(x);
        float[][] telephoneAlone = new ExportableModel(List.of(telephone), 0.6).predictProba(x);
        int wideRows = 0;
        int quietRows = 0;
        int dullRows = 0;
        for (int i = 0; i < x.length; i++) {
            boolean isWide = gate.wideband(x[i]);
            wideRows += isWide ? 1 : 0;
            quietRows += x[i][3] < 30f ? 1 : 0;
            dullRows += x[i][3] >= 30f && x[i][3] - x[i][5] < -20f ? 1 : 0;
            assertArrayEquals(isWide ? wideAlone[i] : telephoneAlone[i], java[i], "row " + i + " in Java");
            assertEquals(isWide ? 0 : 1, routed.networks(x)[i], "row " + i + ": the network index calibration uses");
            assertEquals(isWide ? 1f : 0f, flags[i][0], "row " + i + ": the graph's wideband flag");
            for (int c = 0; c < java[i].length; c++) {
                assertEquals(java[i][c], ort[i][c], TOLERANCE, "row " + i + " class " + c + " (wideband " + isWide + ")");
            }
        }
        assertTrue(wideRows > 0 && quietRows > 0 && dullRows > 0,
                "rows should take every path: wideband " + wideRows + ", quiet " + quietRows + ", dull " + dullRows);
        assertTrue(routed.describe().contains("telephone input"), routed.describe());
        assertTrue(routed.describe().contains("1.7000 wideband, 0.6000 telephone"), routed.describe());
        List<String> ops = opTypes(OnnxExporter.toModel(routed, OPTIONS));
        assertEquals(2, ops.stream().filter("Gather"::equals).count(), "the gate's features are read once: " + ops);
        assertEquals(2, ops.stream().filter("GreaterOrEqual"::equals).count(), "the gate's tests are made once: " + ops);
        assertEquals(4, ops.stream().filter("Where"::equals).count(), "two Where each for probabilities and flag: " + ops);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void metadataIsReadableThroughOnnxRuntime() throws OrtException {
        MlpClassifier model = fit(MlpConfig.netBn(50), 6);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(OnnxExporter.toBytes(model, OPTIONS),
                new OrtSession.SessionOptions())) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals(String.join(",", Emotion.labels()), meta.get("labels"));
            assertEquals("3f2a9bc1", meta.get("feature_spec_hash"));
            assertEquals("60", meta.get("feature_dimension"));
            assertEquals("7", meta.get("model_version"));
            assertEquals("emodb-535-abc123", meta.get("training_data_fingerprint"));
            assertEquals("{\"uar\":0.81,\"folds\":10}", meta.get("cv_scores"));
            assertEquals("stimmung-trainer", meta.get("producer"));
            assertTrue(meta.get("config").startsWith("{\"learner\":\"netBn50\""), meta.get("config"));
            assertTrue(meta.get("config").contains("\"seed\":6"), meta.get("config"));
            assertEquals(7L, session.getMetadata().getVersion());
            assertEquals("stimmung-trainer", session.getMetadata().getProducerName());
            assertEquals(List.of(OnnxExporter.INPUT_NAME), List.copyOf(session.getInputNames()));
            assertEquals(List.of(OnnxExporter.OUTPUT_NAME), List.copyOf(session.getOutputNames()));
        }
    }

    @Test
    void graphHasBatchNormOnlyForBatchNormNetsAndNeverDropout() {
        OnnxMl.ModelProto bn = OnnxExporter.toModel(fit(MlpConfig.netBnDr(50), 7), OPTIONS);
        OnnxMl.ModelProto plain = OnnxExporter.toModel(fit(MlpConfig.standardNet(50), 7), OPTIONS);
        assertEquals(List.of("Sub", "Div", "Gemm", "BatchNormalization", "Relu", "Gemm", "BatchNormalization", "Relu",
                "Gemm", "BatchNormalization", "Relu", "Gemm", "Softmax", "Identity"), opTypes(bn));
        assertEquals(List.of("Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax",
                "Identity"), opTypes(plain));
        assertEquals(8, bn.getIrVersion());
        assertEquals(17, bn.getOpsetImport(0).getVersion());
    }

    @Test
    void sameSeedAndDataGiveIdenticalOnnxBytes() {
        byte[] first = OnnxExporter.toBytes(fit(MlpConfig.netBnDr(50), 8), OPTIONS);
        byte[] second = OnnxExporter.toBytes(fit(MlpConfig.netBnDr(50), 8), OPTIONS);
        assertArrayEquals(first, second);
        // Printed so that runs in separate JVMs (and on other machines) can be compared too.
        System.out.printf("netBnDr50 seed 8: %d ONNX bytes, SHA-256 %s%n", first.length, sha256(first));
        byte[] otherSeed = OnnxExporter.toBytes(fit(MlpConfig.netBnDr(50), 9), OPTIONS);
        assertFalse(java.util.Arrays.equals(first, otherSeed));
    }

    @Test
    void nonNumericModelVersionIsKeptInMetadataOnly() {
        OnnxExportOptions options = new OnnxExportOptions("h", "2026.11-rc1", "fp", "[]");
        OnnxMl.ModelProto proto = OnnxExporter.toModel(fit(MlpConfig.standardNet(50), 10), options);
        assertEquals(0L, proto.getModelVersion());
        assertTrue(proto.getMetadataPropsList().stream()
                .anyMatch(p -> p.getKey().equals("model_version") && p.getValue().equals("2026.11-rc1")));
    }

    @Test
    void invalidCvScoresJsonIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxExportOptions("h", "1", "fp", "uar=0.8"));
        assertTrue(e.getMessage().contains("cvScoresJson"), e.getMessage());
    }

    @Test
    void modelWithoutSevenClassesIsRejected() {
        FeatureTable three = new FeatureTable(TRAIN.features(), java.util.Arrays.stream(TRAIN.labels())
                .map(y -> y % 3).toArray(), TRAIN.speakers(), TRAIN.ids(), 3);
        MlpClassifier model = new MlpLearner(MlpConfig.standardNet(50).withEpochs(1)).fit(three, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toBytes(model, OPTIONS));
        assertTrue(e.getMessage().contains("3 outputs"), e.getMessage());
    }

    @Test
    void onnxCheckerAcceptsTheModel(@TempDir Path dir) throws Exception {
        assumeTrue(pythonOnnxAvailable(), "python3 with the onnx package (Debian: python3-onnx) is not installed");
        for (MlpConfig config : List.of(MlpConfig.standardNet(50), MlpConfig.netBnDr(50))) {
            Path file = dir.resolve(config.name() + ".onnx");
            OnnxExporter.write(fit(config, 11), OPTIONS, file);
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)",
                    file.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "onnx checker timed out");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), config.name() + " rejected by onnx.checker: " + out);
        }
        Path routed = dir.resolve("routed.onnx");
        OnnxExporter.write(new ExportableModel(List.of(fit(MlpConfig.netBnDr(50), 11)), 1.5,
                new ExportableModel.Routing(new ChannelGate(3, 5, 30f, -20f), List.of(fit(MlpConfig.netBnDr(50), 12)), 2.5)),
                OPTIONS, routed);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)",
                routed.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "onnx checker timed out");
        assertEquals(0, p.exitValue(), "routed model rejected by onnx.checker: " + new String(p.getInputStream().readAllBytes()));
    }

    private static boolean pythonOnnxAvailable() throws InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static List<String> opTypes(OnnxMl.ModelProto model) {
        return model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
    }

    static float[][] scoreWithOnnxRuntime(byte[] model, float[][] features) throws OrtException {
        return output(model, features, OnnxExporter.OUTPUT_NAME);
    }

    static float[][] output(byte[] model, float[][] features, String name) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, features);
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, input))) {
            return (float[][]) result.get(name).orElseThrow().getValue();
        }
    }
}

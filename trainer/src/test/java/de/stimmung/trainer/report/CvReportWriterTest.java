package de.stimmung.trainer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.model.Emotion;
import de.stimmung.trainer.cv.CrossValidation;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.CvProgress;
import de.stimmung.trainer.cv.LeaveOneSpeakerOut;
import de.stimmung.trainer.cv.NearestCentroidLearner;
import de.stimmung.trainer.cv.SpeakerAdaptation;
import de.stimmung.trainer.dataset.FeatureTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CvReportWriterTest {

    private static final List<String> SPEAKERS = List.of("03", "08", "09", "10", "11", "12", "14", "16");

    /** Written under target/ (not a temp dir) so a person can open the sample report after the build. */
    private static final Path OUT = Path.of("target", "cv-report-sample");

    private static CvReport report;

    /**
     * Seven noisy Gaussian classes in 4-D, 8 speakers with a per-speaker offset, speaker 08 without
     * disgust (as in EmoDB); cross-validated raw and with full speaker normalisation.
     */
    @BeforeAll
    static void writeReport() throws IOException {
        Random rnd = new Random(42);
        List<float[]> f = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        List<String> s = new ArrayList<>();
        double[][] centre = new double[7][4];
        for (double[] c : centre) {
            for (int j = 0; j < 4; j++) {
                c[j] = 3 * rnd.nextGaussian();
            }
        }
        for (String speaker : SPEAKERS) {
            double offset = 2 * rnd.nextGaussian();
            for (int c = 0; c < 7; c++) {
                if (speaker.equals("08") && c == Emotion.DISGUST.ordinal()) {
                    continue;
                }
                for (int r = 0; r < 5; r++) {
                    float[] row = new float[4];
                    for (int j = 0; j < 4; j++) {
                        row[j] = (float) (centre[c][j] + offset + 1.5 * rnd.nextGaussian());
                    }
                    f.add(row);
                    l.add(c);
                    s.add(speaker);
                }
            }
        }
        String[] ids = new String[f.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = s.get(i) + "-" + i;
        }
        FeatureTable table = new FeatureTable(f.toArray(float[][]::new), l.stream().mapToInt(i -> i).toArray(),
                s.toArray(String[]::new), ids, 7);
        CrossValidationResult raw = new CrossValidation(1).run(new NearestCentroidLearner(), table, CvProgress.NONE);
        CrossValidationResult norm = new CrossValidation(new LeaveOneSpeakerOut(), SpeakerAdaptation.FULL, 1)
                .run(new NearestCentroidLearner(), table, CvProgress.NONE);
        report = CvReport.selectingBest(List.of(raw, norm)).withExtra("note", Map.of("seed", 1, "ratio", 1.0 / 3));
        new CvReportWriter().write(report, OUT);
    }

    @Test
    void jsonHasExactlyTheRequiredTopLevelKeysInOrder() throws IOException {
        JsonNode root = new ObjectMapper().readTree(OUT.resolve("cv-report.json").toFile());
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("protocol", "speakers", "labels", "models", "selected", "perClass", "confusionMatrix",
                "extra"), keys);
        assertEquals("leave-one-speaker-out", root.get("protocol").asText());
        assertEquals(SPEAKERS, texts(root.get("speakers")));
        assertEquals(Emotion.labels(), texts(root.get("labels")));
    }

    @Test
    void jsonModelsCarryMeanAndStdOfTheFourFigures() throws IOException {
        JsonNode root = new ObjectMapper().readTree(OUT.resolve("cv-report.json").toFile());
        JsonNode models = root.get("models");
        assertEquals(2, models.size());
        assertEquals("nearestCentroid", models.get(0).get("name").asText());
        assertEquals("nearestCentroid+speaker-norm-full", models.get(1).get("name").asText());
        for (JsonNode m : models) {
            List<String> keys = new ArrayList<>();
            m.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("name", "macroF1", "precision", "recall", "accuracy"), keys);
            for (String figure : List.of("macroF1", "precision", "recall", "accuracy")) {
                List<String> stat = new ArrayList<>();
                m.get(figure).fieldNames().forEachRemaining(stat::add);
                assertEquals(List.of("mean", "std"), stat);
                double mean = m.get(figure).get("mean").asDouble();
                assertTrue(mean >= 0 && mean <= 1, figure + " " + mean);
                assertEquals(mean, Math.round(mean * 1e4) / 1e4, 0.0, "rounded to 4 decimals");
            }
        }
        CrossValidationResult first = report.models().get(0);
        assertEquals(Math.round(first.macroF1().mean() * 1e4) / 1e4, models.get(0).get("macroF1").get("mean").asDouble());
        assertEquals(CvReport.best(report.models()), root.get("selected").asText());
    }

    @Test
    void jsonPerClassAndConfusionMatrixArePooledOverTheSelectedModel() throws IOException {
        JsonNode root = new ObjectMapper().readTree(OUT.resolve("cv-report.json").toFile());
        JsonNode perClass = root.get("perClass");
        List<String> classes = new ArrayList<>();
        perClass.fieldNames().forEachRemaining(classes::add);
        assertEquals(Emotion.labels(), classes);
        for (JsonNode c : perClass) {
            List<String> keys = new ArrayList<>();
            c.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("precision", "recall", "f1"), keys);
        }
        JsonNode cm = root.get("confusionMatrix");
        assertEquals(Emotion.labels(), texts(cm.get("labels")));
        int[][] counts = new ObjectMapper().treeToValue(cm.get("counts"), int[][].class);
        assertArrayEquals(report.selectedModel().pooled().confusion(), counts);
        int total = 0;
        for (int[] row : counts) {
            for (int v : row) {
                total += v;
            }
        }
        assertEquals(8 * 7 * 5 - 5, total, "every utterance predicted once (08 has no disgust)");
        assertEquals(0, sum(counts[Emotion.DISGUST.ordinal()]) - 7 * 5, "disgust: 7 speakers x 5 rows");
    }

    @Test
    void extrasAreOnlyUnderTheExtraKeyAndRounded() throws IOException {
        JsonNode extra = new ObjectMapper().readTree(OUT.resolve("cv-report.json").toFile()).get("extra");
        assertTrue(extra.get("pooledMacroF1").has("nearestCentroid"));
        assertEquals(SPEAKERS, names(extra.get("perFoldMacroF1").get("nearestCentroid")));
        assertEquals("speaker-norm-full", extra.get("speakerAdaptation").get("nearestCentroid+speaker-norm-full").asText());
        assertEquals(0.3333, extra.get("note").get("ratio").asDouble(), 0.0);
        assertEquals(1, extra.get("note").get("seed").asInt());
    }

    @Test
    void markdownHasTheModelTablePerClassFiguresAndConfusionMatrix() throws IOException {
        String md = Files.readString(OUT.resolve("cv-report.md"));
        assertTrue(md.contains("| model | macro F1 | precision | recall | accuracy |"), md);
        CrossValidationResult first = report.models().get(0);
        assertTrue(md.contains("| nearestCentroid | " + first.macroF1() + " | " + first.macroPrecision() + " | "
                + first.macroRecall() + " | " + first.accuracy() + " |"), md);
        assertTrue(md.contains("| class | precision | recall | F1 | support |"), md);
        assertTrue(md.contains("| true \\ predicted | anger | boredom | disgust | fear | happiness | sadness | neutral |"), md);
        assertTrue(md.contains("leave-one-speaker-out") && md.contains("held out in turn"), md);
    }

    @Test
    void pngIsARealImageOfTheDocumentedSize() throws IOException {
        Path png = OUT.resolve("confusion-matrix.png");
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                java.util.Arrays.copyOf(bytes, 8), "PNG signature");
        assertTrue(bytes.length > 10_000, "a heat map with text is more than a blank image: " + bytes.length + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(CvReportWriter.PNG_WIDTH_PX, image.getWidth());
        assertEquals(CvReportWriter.PNG_HEIGHT_PX, image.getHeight());
    }

    @Test
    void selectedModelMustBeOneOfTheModels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CvReport(Emotion.labels(), report.models(), "netBn50", Map.of()));
        assertTrue(e.getMessage().contains("'netBn50' is not among the models"), e.getMessage());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    private static int sum(int[] row) {
        int s = 0;
        for (int v : row) {
            s += v;
        }
        return s;
    }
}

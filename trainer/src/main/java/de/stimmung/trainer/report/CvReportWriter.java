package de.stimmung.trainer.report;

import de.stimmung.trainer.cv.ClassificationMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Writes a {@link CvReport} into a folder as {@value #JSON}, {@value #MARKDOWN} and {@value #PNG}
 * (the selected model's pooled confusion matrix, {@value #PNG_WIDTH_PX} x {@value #PNG_HEIGHT_PX}
 * px). Creates the folder if needed and overwrites earlier reports there. Stateless.
 */
public final class CvReportWriter {

    public static final String JSON = "cv-report.json";
    public static final String MARKDOWN = "cv-report.md";
    public static final String PNG = "confusion-matrix.png";
    /** The reliability diagram, written when the report has a nested pipeline evaluation. */
    public static final String RELIABILITY_PNG = "reliability.png";
    public static final int PNG_WIDTH_PX = 900;
    public static final int PNG_HEIGHT_PX = 760;

    private final CvReportJson json = new CvReportJson();
    private final CvReportMarkdown markdown = new CvReportMarkdown();

    /**
     * Writes the three files.
     *
     * @return the written files: JSON, Markdown, PNG
     * @throws IOException if the folder cannot be created or a file cannot be written
     */
    public List<Path> write(CvReport report, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path jsonFile = folder.resolve(JSON);
        Path mdFile = folder.resolve(MARKDOWN);
        Path pngFile = folder.resolve(PNG);
        Files.writeString(jsonFile, json.toJson(report), StandardCharsets.UTF_8);
        Files.writeString(mdFile, markdown.render(report), StandardCharsets.UTF_8);
        ClassificationMetrics pooled = report.selectedModel().pooled();
        String title = String.format(Locale.ROOT, "Confusion matrix: %s (%s, pooled macro F1 %.4f)",
                report.selected(), report.protocol(), pooled.macroF1());
        new ConfusionMatrixChart(report.labels(), pooled.confusion(), title).writePng(pngFile, PNG_WIDTH_PX, PNG_HEIGHT_PX);
        if (report.pipeline() == null) {
            return List.of(jsonFile, mdFile, pngFile);
        }
        Path reliability = folder.resolve(RELIABILITY_PNG);
        PipelineEvaluation p = report.pipeline();
        Map<String, de.stimmung.trainer.cv.CalibrationMetrics> series = new java.util.LinkedHashMap<>();
        p.before().forEach((ch, m) -> series.put(ch + " before", m));
        p.after().forEach((ch, m) -> series.put(ch + " after", m));
        new ReliabilityDiagram(series, "Reliability of the shipped pipeline (nested " + report.protocol() + ")")
                .writePng(reliability, PNG_WIDTH_PX, PNG_HEIGHT_PX);
        return List.of(jsonFile, mdFile, pngFile, reliability);
    }
}

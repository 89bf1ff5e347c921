package de.stimmung.trainer.report;

import de.stimmung.trainer.cv.ClassificationMetrics;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.Summary;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Renders a {@link CvReport} as {@code cv-report.md}: the protocol in words, one table row per
 * model (macro F1, precision, recall, accuracy as mean ± std over folds), then per-class figures
 * and the confusion matrix of the selected model pooled over all held-out predictions. Numbers
 * have 4 decimals. Stateless and thread-safe.
 */
public final class CvReportMarkdown {

    /** The report as Markdown text. */
    public String render(CvReport report) {
        StringBuilder md = new StringBuilder();
        List<String> speakers = report.speakers();
        md.append("# Cross-validation report\n\n");
        md.append("## Protocol\n\n");
        md.append("Protocol: ").append(report.protocol()).append(". Each of the ").append(speakers.size())
                .append(" speakers (").append(String.join(", ", speakers)).append(") is held out in turn: a model is")
                .append(" trained on the other speakers' utterances only and tested on all utterances of the held-out")
                .append(" speaker, so no speaker is ever seen in training and testing of the same fold. Figures are")
                .append(" mean ± population standard deviation over the ").append(speakers.size()).append(" folds.")
                .append(" Precision, recall and F1 are macro averages over the classes present in the held-out")
                .append(" speaker's utterances (a class the speaker never acted is left out of that fold's average).")
                .append(" Per-class figures and the confusion matrix pool all held-out predictions of the selected")
                .append(" model.\n\n");

        md.append("## Models\n\n");
        List<String> channels = channelNames(report);
        if (!channels.isEmpty()) {
            md.append("Every configuration is tested on the held-out speaker's recordings as they are (clean) and")
                    .append(" through a telephone line (").append(String.join(", ", channels)).append(": resampled to")
                    .append(" 8 kHz, 300-3400 Hz band, G.711 companding). Configurations named *Tel are trained on")
                    .append(" telephone-line copies of the training speakers as well (random level, noise, packet loss).\n\n");
        }
        md.append("| model | macro F1 | precision | recall | accuracy |");
        channels.forEach(c -> md.append(' ').append(c).append(" macro F1 |"));
        md.append("\n|---|---|---|---|---|").append("---|".repeat(channels.size())).append('\n');
        for (CrossValidationResult m : report.models()) {
            md.append("| ").append(m.modelName()).append(" | ").append(pm(m.macroF1())).append(" | ")
                    .append(pm(m.macroPrecision())).append(" | ").append(pm(m.macroRecall())).append(" | ")
                    .append(pm(m.accuracy())).append(" |");
            Map<String, CrossValidationResult> by = report.byChannel().get(m.modelName());
            for (String c : channels) {
                md.append(' ').append(by == null || !by.containsKey(c) ? "—" : pm(by.get(c).macroF1())).append(" |");
            }
            md.append('\n');
        }
        ClassificationMetrics pooled = report.selectedModel().pooled();
        md.append("\nSelected model: **").append(report.selected()).append("** (pooled macro F1 ")
                .append(f4(pooled.macroF1())).append(", pooled accuracy ").append(f4(pooled.accuracy()))
                .append(").\n\n");

        md.append("## Per class (").append(report.selected()).append(", pooled)\n\n");
        md.append("| class | precision | recall | F1 | support |\n");
        md.append("|---|---|---|---|---|\n");
        int[][] cm = pooled.confusion();
        for (int c = 0; c < report.labels().size(); c++) {
            int support = 0;
            for (int v : cm[c]) {
                support += v;
            }
            md.append("| ").append(report.labels().get(c)).append(" | ").append(f4(pooled.precision()[c]))
                    .append(" | ").append(f4(pooled.recall()[c])).append(" | ").append(f4(pooled.f1()[c]))
                    .append(" | ").append(support).append(" |\n");
        }

        md.append("\n## Confusion matrix (").append(report.selected())
                .append(", pooled; rows true, columns predicted)\n\n");
        md.append("| true \\ predicted | ").append(String.join(" | ", report.labels())).append(" |\n");
        md.append("|---").append("|---:".repeat(report.labels().size())).append("|\n");
        for (int t = 0; t < cm.length; t++) {
            md.append("| **").append(report.labels().get(t)).append("** |");
            for (int v : cm[t]) {
                md.append(' ').append(v).append(" |");
            }
            md.append('\n');
        }
        md.append("\n![confusion matrix](confusion-matrix.png)\n");
        if (report.pipeline() != null) {
            pipeline(md, report);
        }
        return md.toString();
    }

    private static List<String> channelNames(CvReport report) {
        List<String> out = new java.util.ArrayList<>();
        report.byChannel().values().forEach(m -> m.keySet().forEach(k -> {
            if (!k.equals(de.stimmung.trainer.cv.CrossValidation.CLEAN) && !out.contains(k)) {
                out.add(k);
            }
        }));
        return out;
    }

    /** Temperatures of one model's networks: {@code 2.4706}, or {@code 2.1000/2.8000} wideband/telephone. */
    private static String temperatures(List<Double> t) {
        return t.stream().map(CvReportMarkdown::f4).collect(java.util.stream.Collectors.joining("/"));
    }

    private static void pipeline(StringBuilder md, CvReport report) {
        PipelineEvaluation p = report.pipeline();
        md.append("\n## The shipped pipeline, nested\n\n");
        md.append("Nested ").append(report.protocol()).append(": for each held-out speaker, the candidate configurations")
                .append(" are cross-validated on the other speakers alone (inner folds, every channel), the best by")
                .append(" mean macro F1 over the channels is chosen, its calibration temperatures (one per network) are")
                .append(" fitted on its inner out-of-fold predictions, and only then is the held-out speaker scored. Nothing about")
                .append(" the held-out speaker influences its own figures.\n\n");
        md.append("| channel | macro F1 | accuracy | pooled macro F1 | lowest class F1 (pooled) |\n|---|---|---|---|---|\n");
        p.calibrated().forEach((ch, r) -> {
            double[] f1 = r.pooled().f1();
            int low = 0;
            for (int k = 1; k < f1.length; k++) {
                if (f1[k] < f1[low]) {
                    low = k;
                }
            }
            md.append("| ").append(ch).append(" | ").append(pm(r.macroF1())).append(" | ").append(pm(r.accuracy()))
                    .append(" | ").append(f4(r.pooled().macroF1())).append(" | ").append(report.labels().get(low))
                    .append(' ').append(f4(f1[low])).append(" |\n");
        });
        md.append("\nPer class (pooled F1):\n\n| channel | ").append(String.join(" | ", report.labels()))
                .append(" |\n|---|").append("---:|".repeat(report.labels().size())).append('\n');
        p.calibrated().forEach((ch, r) -> {
            md.append("| ").append(ch).append(" |");
            for (double v : r.pooled().f1()) {
                md.append(' ').append(f4(v)).append(" |");
            }
            md.append('\n');
        });
        md.append("\nBy gender (fold-mean macro F1 over each gender's held-out speakers):\n\n")
                .append("| channel | female | male | gap ± its standard error |\n|---|---|---|---|\n");
        Map<String, PipelineEvaluation.GenderGap> gaps = p.genderGaps();
        p.byGender().forEach((ch, byG) -> {
            Summary f = byG.get("female");
            Summary m = byG.get("male");
            PipelineEvaluation.GenderGap gap = gaps.get(ch);
            md.append("| ").append(ch).append(" | ").append(f == null ? "—" : pm(f)).append(" | ")
                    .append(m == null ? "—" : pm(m)).append(" | ")
                    .append(gap == null ? "—" : f4(gap.gap()) + " ± " + f4(gap.standardError())).append(" |\n");
        });
        md.append("\nChosen per outer fold: ").append(String.join(", ", p.chosen())).append("; temperatures (wideband/telephone")
                .append(" for a model per channel) ").append(p.temperatures().stream().map(CvReportMarkdown::temperatures)
                        .collect(java.util.stream.Collectors.joining(", "))).append(".\n");

        md.append("\n## Calibration\n\n");
        md.append("Temperature scaling per network, inside the ONNX graph (shipped temperatures ")
                .append(temperatures(p.shippedTemperatures()))
                .append(", each fitted on the out-of-fold predictions of its network over all speakers). Figures: the")
                .append(" nested held-out predictions before and after scaling with the temperatures fitted on the inner")
                .append(" folds; expected calibration")
                .append(" error over ").append(de.stimmung.trainer.cv.CalibrationMetrics.BINS)
                .append(" equal-width bins, multi-class Brier score, log loss. The ECE floor is what an exactly")
                .append(" calibrated model with the calibrated confidences would show on as many rows (mean and 95th")
                .append(" percentile over ").append(de.stimmung.trainer.cv.CalibrationMetrics.FLOOR_DRAWS)
                .append(" seeded draws of its outcomes): an ECE within it is as close as these rows can measure.\n\n");
        md.append("| channel | ECE before | ECE after | ECE floor (p95) | Brier before | Brier after | log loss before |"
                + " log loss after | mean confidence before | after | accuracy |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        calibrationRow(md, "all channels pooled", p.pooledBefore(), p.pooledAfter());
        p.before().forEach((ch, b) -> calibrationRow(md, ch, b, p.after().get(ch)));
        md.append("\n![reliability diagram](reliability.png)\n");
    }

    private static void calibrationRow(StringBuilder md, String name, de.stimmung.trainer.cv.CalibrationMetrics b,
            de.stimmung.trainer.cv.CalibrationMetrics a) {
        md.append("| ").append(name).append(" | ").append(f4(b.ece())).append(" | ").append(f4(a.ece())).append(" | ")
                .append(f4(a.eceFloor())).append(" (").append(f4(a.eceFloorP95())).append(") | ")
                .append(f4(b.brier())).append(" | ").append(f4(a.brier())).append(" | ").append(f4(b.logLoss()))
                .append(" | ").append(f4(a.logLoss())).append(" | ").append(f4(b.confidence())).append(" | ")
                .append(f4(a.confidence())).append(" | ").append(f4(a.accuracy())).append(" |\n");
    }

    private static String pm(Summary s) {
        return f4(s.mean()) + " ± " + f4(s.std());
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

package de.stimmung.trainer.report;

import de.stimmung.trainer.cv.ClassificationMetrics;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.Summary;
import java.util.List;
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
        md.append("| model | macro F1 | precision | recall | accuracy |\n");
        md.append("|---|---|---|---|---|\n");
        for (CrossValidationResult m : report.models()) {
            md.append("| ").append(m.modelName()).append(" | ").append(pm(m.macroF1())).append(" | ")
                    .append(pm(m.macroPrecision())).append(" | ").append(pm(m.macroRecall())).append(" | ")
                    .append(pm(m.accuracy())).append(" |\n");
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
        return md.toString();
    }

    private static String pm(Summary s) {
        return f4(s.mean()) + " ± " + f4(s.std());
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

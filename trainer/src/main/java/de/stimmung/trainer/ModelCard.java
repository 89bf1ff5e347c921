package de.stimmung.trainer;

import de.stimmung.trainer.cv.ClassificationMetrics;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.report.CvReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the model card ({@code onnx-models/README.md}) from a run's report, so its figures
 * always match the shipped model. No dates or timings: a rerun writes the same bytes.
 */
final class ModelCard {

    private final CvReport report;
    private final String version;
    private final TrainingSettings settings;

    ModelCard(CvReport report, String version, TrainingSettings settings) {
        this.report = report;
        this.version = version;
        this.settings = settings;
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render());
    }

    String render() {
        CrossValidationResult sel = report.selectedModel();
        ClassificationMetrics pooled = sel.pooled();
        List<String> labels = report.labels();
        StringBuilder b = new StringBuilder();
        b.append("# Stimmung emotion model `").append(settings.modelOut().getFileName()).append("`\n\n");
        b.append("<!-- written by the trainer (`java -jar trainer/target/stimmung-trainer.jar train`); do not edit by hand -->\n\n");
        b.append("A ").append(sel.learner()).append(" classifier of seven emotions in German speech, scored by the Stimmung ")
                .append("service through ONNX Runtime.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "model version", "`" + version + "`");
        row(b, "configuration", "`" + sel.modelName() + "`");
        row(b, "input", "`features`: float32 [N, " + report.extra().get("featureDimension")
                + "], the raw feature vector of the Stimmung extractor (standardisation is inside the graph)");
        row(b, "output", "`probabilities`: float32 [N, 7] in the order " + String.join(", ", labels));
        if (sel.modelName().equals(Configurations.ROUTED)) {
            row(b, "second output", "`" + de.stimmung.model.ModelContract.WIDEBAND_OUTPUT + "`: float32 [N, 1], 1 where the"
                    + " wideband network scored the row, 0 where the telephone network did (the event's `scoredBy`)");
        }
        row(b, "feature spec", "`" + report.extra().get("featureSpec") + "` (the service refuses the model with any other)");
        row(b, "training data", "EmoDB development copy, " + sel.ids().length + " recordings of "
                + report.speakers().size() + " speakers (" + String.join(", ", report.speakers()) + "); fingerprint `"
                + report.extra().get("trainingDataFingerprint") + "`");
        row(b, "format", "ONNX IR 8, opset 17; metadata carries labels, feature spec, version, data fingerprint, CV scores");
        b.append('\n');
        b.append("## How it was trained\n\n");
        b.append("- Features: the shared extractor (`FeatureExtractor`, 1138 utterance functionals of 25 ms frames), "
                + "the same code the service runs.\n");
        b.append("- Network: 3 hidden layers (Linear → BatchNorm → ReLU")
                .append(sel.learner().contains("Dr") ? " → Dropout" : "").append("), Adam, softmax cross entropy, "
                + "DJL on PyTorch (CPU), seed ").append(settings.seed()).append(".\n");
        if (sel.learner().contains(Configurations.AUGMENTED)) {
            b.append("- Augmentation: each training recording is also played at speed factors ")
                    .append(Arrays.toString(settings.speedFactors()))
                    .append(" (pitch, formants and tempo shift together), training folds only.\n");
        }
        if (sel.learner().contains(Configurations.TELEPHONE)) {
            b.append("- Telephone channel: each training recording is also passed through ")
                    .append(settings.telephoneCopies()).append(" randomly drawn telephone lines (`TelephoneChannel`:"
                    + " 8 kHz, 300-3400 Hz, G.711 mu-law or A-law, level -20..+6 dB, white noise at 10-35 dB SNR on"
                    + " most lines, up to 3 % lost 20 ms packets; half of them after a speed change), training folds"
                    + " only.\n");
        }
        if (sel.modelName().equals(Configurations.ROUTED)) {
            b.append("- One model per channel: wideband input is scored by `").append(Configurations.STUDIO)
                    .append("` (studio recordings and their speed copies), telephone input by `")
                    .append(Configurations.ROUTED_TELEPHONE).append("` (recordings, speed copies and telephone lines);"
                    + " a gate inside the graph decides from two features (the loud end of the 4.3-5.3 kHz mel band,"
                    + " absolute and against the 0.7-1.0 kHz band), with thresholds fitted on the training rows and"
                    + " their telephone copies.\n");
        }
        List<?> t = report.extra().get("calibrationTemperatures") instanceof List<?> l ? l : List.of();
        if (t.size() == 2) {
            b.append(String.format(Locale.ROOT, "- Calibration: temperature scaling per network inside the graph "
                    + "(wideband T = %.4f, telephone T = %.4f), each fitted on the out-of-fold predictions its network "
                    + "made on all channels.%n", t.get(0), t.get(1)));
        } else if (t.size() == 1 && !Double.valueOf(1.0).equals(t.get(0))) {
            b.append(String.format(Locale.ROOT, "- Calibration: temperature scaling inside the graph (T = %.4f, "
                    + "fitted on the out-of-fold predictions of all channels).%n", t.get(0)));
        }
        b.append("- Selection: ").append(ModelSelection.RULE).append(".\n");
        b.append("- Evaluation: leave-one-speaker-out cross validation over the ").append(report.speakers().size())
                .append(" speakers; standardisation is fitted on each fold's training speakers only.\n\n");
        b.append("## Cross-validation figures\n\n");
        b.append(String.format(Locale.ROOT, "Selected model: macro F1 **%.3f ± %.3f** (mean ± std over folds, each fold over "
                + "the classes its speaker has), pooled macro F1 %.3f, accuracy %.3f ± %.3f.%n%n", sel.macroF1().mean(),
                sel.macroF1().std(), pooled.macroF1(), sel.accuracy().mean(), sel.accuracy().std()));
        b.append("| class | precision | recall | F1 |\n|---|---|---|---|\n");
        for (int c = 0; c < labels.size(); c++) {
            b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", labels.get(c), pooled.precision()[c],
                    pooled.recall()[c], pooled.f1()[c]));
        }
        b.append("\nAll configurations of the run (see `trainer/reports/cv-report.md`):\n\n");
        b.append("| configuration | macro F1 | accuracy |\n|---|---|---|\n");
        for (CrossValidationResult r : report.models()) {
            b.append(String.format(Locale.ROOT, "| %s | %.3f ± %.3f | %.3f ± %.3f |%n", r.modelName(), r.macroF1().mean(),
                    r.macroF1().std(), r.accuracy().mean(), r.accuracy().std()));
        }
        b.append("\n## Limits\n\n");
        b.append("- Acted emotions by ").append(report.speakers().size()).append(" speakers reading ten sentences; "
                + "spontaneous call-centre speech is less prototypical, so expect lower figures there.\n");
        b.append("- Trained on the shared development copy (22.05 kHz, every file cut or padded to 2 s, peak-normalised); "
                + "about 70 % of the utterances are truncated.\n");
        Map<String, CrossValidationResult> channels = report.byChannel().get(sel.modelName());
        if (channels != null && channels.size() > 1) {
            b.append("- Channels (leave-one-speaker-out macro F1 of this configuration): ").append(channels.entrySet()
                    .stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue().macroF1().mean()))
                    .collect(Collectors.joining(", "))).append(". The evaluation lines are clean G.711 lines; real"
                    + " lines add noise, echo, packet-loss concealment and codecs other than G.711 that were not"
                    + " simulated.\n");
        } else {
            b.append("- Wide-band studio audio: telephone audio (8 kHz, G.711) is upsampled by the service but was not "
                    + "in the training data.\n");
        }
        if (report.pipeline() != null) {
            var p = report.pipeline();
            b.append("- Honest figures (nested leave-one-speaker-out, choice and calibration on inner folds only): ")
                    .append(p.macroF1().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f ± %.3f",
                            e.getKey(), e.getValue().mean(), e.getValue().std())).collect(Collectors.joining(", ")))
                    .append(String.format(Locale.ROOT, "; expected calibration error (15 bins, all channels) %.3f "
                            + "before and %.3f after temperature scaling.%n", p.pooledBefore().ece(),
                            p.pooledAfter().ece()));
        }
        String weakest = java.util.stream.IntStream.range(0, labels.size()).boxed()
                .sorted((x, y) -> Double.compare(pooled.f1()[x], pooled.f1()[y])).limit(2)
                .map(labels::get).collect(Collectors.joining(" and "));
        b.append("- Weakest classes: ").append(weakest).append(" (see the confusion matrix).\n");
        b.append("- Per-call speaker adaptation: the model carries a causal per-call normaliser (metadata "
                + "`call_normalizer`: the call's earlier utterances, shrunk toward the training population). The "
                + "trainer's study on simulated calls (`trainer/reports/call-adaptation.md`) sets whether the service "
                + "uses it by default (`call_normalizer_default`); `serve --call-adaptation on|off` overrides it.\n\n");
        b.append("Reproduce: `java -jar trainer/target/stimmung-trainer.jar train --seed ").append(settings.seed())
                .append("` (same data, same seed: same model bytes and reports).\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }
}

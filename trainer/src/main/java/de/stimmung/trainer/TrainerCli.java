package de.stimmung.trainer;

import de.stimmung.console.BuildVersion;
import de.stimmung.console.CleanErrors;
import de.stimmung.trainer.download.EmoDbDownloader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The offline trainer's command line: {@code train} (features, cross validation, model, reports)
 * and {@code download} (the EmoDB corpus). Exit codes: 0 success, 1 failure, 2 bad arguments.
 */
@Command(name = "stimmung-trainer", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Trains Stimmung's emotion model on EmoDB and writes the cross-validation reports.",
        subcommands = {TrainerCli.Train.class, TrainerCli.Calls.class, TrainerCli.Download.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // DJL calls home on its first engine start unless told it is offline
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return CleanErrors.install(new CommandLine(new TrainerCli()));
    }

    /** {@code train}: the whole run. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Extract features, cross-validate every configuration leave-one-speaker-out, "
                    + "export the selected model to ONNX and write the reports.")
    static final class Train implements Callable<Integer> {

        @Option(names = "--model", defaultValue = "onnx-models/stimmung-emotion.onnx",
                description = "Where to write the ONNX model. Default: ${DEFAULT-VALUE}.")
        Path model;

        @Option(names = "--model-card", defaultValue = "onnx-models/README.md",
                description = "Where to write the model card. Default: ${DEFAULT-VALUE}.")
        Path modelCard;

        @Option(names = "--reports", defaultValue = "trainer/reports",
                description = "Folder of cv-report.json, cv-report.md, confusion-matrix.png. Default: ${DEFAULT-VALUE}.")
        Path reports;

        @Option(names = "--models", split = ",", description = "Only these configurations (comma-separated); default all but the answered ablations "
                + Configurations.ANSWERED_ABLATION_NAMES + ".")
        List<String> models = List.of();

        @Option(names = "--no-nested", description = "Skip the nested cross validation of the shipped pipeline"
                + " (faster; the report then has no nested or calibration figures).")
        boolean noNested;

        @Option(names = "--no-calibration", description = "Ship the probabilities as trained (no temperature scaling).")
        boolean noCalibration;

        @Option(names = "--no-call-study", description = "Skip the per-call speaker adaptation study on simulated "
                + "calls (see the calls command); the model then carries no call normaliser.")
        boolean noCallStudy;

        @Option(names = "--no-speaker-adaptation", description = "Skip the speaker-normalised variants in the report.")
        boolean noSpeakerAdaptation;

        @Option(names = "--select", description = "Ship this configuration instead of the selection rule's choice.")
        String select;

        @CommandLine.Mixin
        CorpusOptions corpus;

        @Override
        public Integer call() throws Exception {
            System.setProperty("ai.djl.offline", "true");
            TrainingSettings s = new TrainingSettings(corpus.emodb, model, reports, modelCard, corpus.cacheOrNull(),
                    corpus.seed, models, corpus.speedFactors, corpus.threads, !noSpeakerAdaptation, select,
                    corpus.telephoneCopies, !noNested, !noCalibration, !noCallStudy);
            long t0 = System.nanoTime();
            TrainingRun.Outcome o = new TrainingRun(s, System.out, corpus.progress()).run();
            System.out.printf("done in %.0f s: %s (macro F1 %s), reports in %s%n", (System.nanoTime() - t0) / 1e9,
                    o.model(), o.report().selectedModel().macroF1(), reports);
            return 0;
        }
    }

    /** {@code calls}: the per-call speaker adaptation study on simulated calls. */
    @Command(name = "calls", mixinStandardHelpOptions = true,
            description = {"Simulate calls of each held-out speaker (mostly neutral, angry throughout, random order) "
                    + "and measure the causal per-call speaker normaliser against scoring each utterance alone; "
                    + "writes call-adaptation.json/.md and, with --model, the normaliser's statistics and the "
                    + "decision into that model's metadata."})
    static final class Calls implements Callable<Integer> {

        @Option(names = "--model", description = "ONNX model to write the normaliser into (e.g. "
                + "onnx-models/stimmung-emotion.onnx); default: none, only the reports.")
        Path model;

        @Option(names = "--reports", defaultValue = "trainer/reports", description = "Reports folder. Default: ${DEFAULT-VALUE}.")
        Path reports;

        @Option(names = "--config", defaultValue = Configurations.ENSEMBLE,
                description = "Model configuration to simulate calls with (the shipped one). Default: ${DEFAULT-VALUE}.")
        String config;

        @Option(names = "--calls-per-scenario", defaultValue = "10",
                description = "Simulated calls per held-out speaker and scenario. Default: ${DEFAULT-VALUE}.")
        int callsPerScenario;

        @Option(names = "--priors", split = ",", defaultValue = "2,5,10,20",
                description = "Prior strengths (utterances) to measure. Default: ${DEFAULT-VALUE}.")
        double[] priors;

        @Option(names = "--prior", defaultValue = "5",
                description = "The prior the decision and the shipped normaliser use. Default: ${DEFAULT-VALUE}.")
        double prior;

        @Option(names = "--speaker-dominance", defaultValue = "1",
                description = "The voice family normalises a feature when the variance between voices is at least "
                        + "this many times that between emotions. Default: ${DEFAULT-VALUE}.")
        double speakerDominance;

        @CommandLine.Mixin
        CorpusOptions corpus;

        @Override
        public Integer call() throws Exception {
            System.setProperty("ai.djl.offline", "true");
            CallStudyRun.Settings s = new CallStudyRun.Settings(corpus.emodb, corpus.cacheOrNull(), reports, model,
                    corpus.seed, config, corpus.speedFactors, corpus.telephoneCopies, corpus.threads, callsPerScenario,
                    priors, prior, speakerDominance);
            long t0 = System.nanoTime();
            CallStudyRun.Outcome o = new CallStudyRun(s, System.out, corpus.progress()).run();
            System.out.printf("done in %.0f s: per-call normalisation %s; reports in %s%n", (System.nanoTime() - t0) / 1e9,
                    o.wins() ? "wins" : "does not win", reports);
            return 0;
        }
    }

    /** {@code download}: fetch and unpack EmoDB. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download the Berlin Emotional Speech Database (EmoDB) and unpack it.")
    static final class Download implements Callable<Integer> {

        @Option(names = "--url", defaultValue = EmoDbDownloader.DEFAULT_URL,
                description = "Where to fetch the zip: http(s) URL, file: URL or a local zip path. Default: ${DEFAULT-VALUE}.")
        String url;

        @Option(names = "--target", defaultValue = "emodb", description = "Folder to unpack into. Default: ${DEFAULT-VALUE}.")
        Path target;

        @Option(names = "--force", description = "Download again even if WAV files are already there.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            try (ProgressReporter.Task task = ProgressReporter.bars().start("EmoDB %", 100)) {
                EmoDbDownloader.Result r = new EmoDbDownloader().install(url, target, force, (bytes, total) -> {
                    if (total > 0) {
                        task.set(bytes * 100 / total);
                    }
                });
                System.out.println(r.skipped() ? r.wavFiles() + " WAV files already in " + r.wavFolder() + " (use --force)"
                        : r.wavFiles() + " WAV files unpacked to " + r.wavFolder() + " (" + r.bytes() + " bytes)");
            }
            return 0;
        }
    }
}

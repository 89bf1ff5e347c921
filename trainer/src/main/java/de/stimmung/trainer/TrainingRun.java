package de.stimmung.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.model.ModelContract;
import de.stimmung.model.Emotion;
import de.stimmung.trainer.cv.ChannelSelection;
import de.stimmung.trainer.cv.CrossValidation;
import de.stimmung.trainer.cv.NestedCrossValidation;
import de.stimmung.trainer.cv.NetworkTemperatures;
import de.stimmung.trainer.cv.TemperatureScaling;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.CvProgress;
import de.stimmung.trainer.cv.LeaveOneSpeakerOut;
import de.stimmung.trainer.cv.SpeakerAdaptation;
import de.stimmung.trainer.dataset.CorpusFeatures;
import de.stimmung.trainer.dataset.EmoDbCorpus;
import de.stimmung.trainer.dataset.EmoDbFile;
import de.stimmung.trainer.dataset.FeatureCache;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.export.ExportableModel;
import de.stimmung.trainer.learners.ChannelGate;
import de.stimmung.trainer.learners.ChannelRoutedLearner;
import de.stimmung.trainer.export.OnnxExportOptions;
import de.stimmung.trainer.export.OnnxExporter;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.MlpClassifier;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import de.stimmung.trainer.learners.SeedEnsembleLearner;
import de.stimmung.trainer.report.CvReport;
import de.stimmung.trainer.report.CvReportWriter;
import de.stimmung.trainer.report.PipelineEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One training run, start to end: extract (or load cached) features of every EmoDB recording,
 * of its copies through the two evaluation telephone lines (mu-law, A-law), and of its training
 * copies (speed-perturbed, random telephone lines); cross-validate every configuration
 * leave-one-speaker-out on every channel; choose the shipped pipeline among the candidates and
 * fit its calibration temperatures (one per network) on out-of-fold predictions; estimate that whole choice
 * honestly by nested cross validation; train the chosen configuration on all speakers, export it
 * (temperatures inside the graph) to ONNX, check ONNX Runtime against the trained model, and write
 * the reports and the model card. Deterministic for a seed: the same data gives the same reports
 * and the same model bytes.
 */
public final class TrainingRun {

    /** Largest |ONNX Runtime - trained network| probability difference accepted on export. */
    public static final double PARITY_TOLERANCE = 1e-5;

    private final TrainingSettings settings;
    private final PrintStream log;
    private final ProgressReporter progress;

    public TrainingRun(TrainingSettings settings, PrintStream log, ProgressReporter progress) {
        this.settings = settings;
        this.log = log;
        this.progress = progress;
    }

    /** What a run produced. */
    public record Outcome(CvReport report, Path model, double parityMaxAbsDiff, String modelVersion) {
    }

    public Outcome run() throws IOException {
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        EmoDbCorpus corpus = EmoDbCorpus.scan(settings.emodb());
        log.printf("EmoDB: %d recordings of %d speakers in %s%n", corpus.size(), corpus.speakers().size(), corpus.wavFolder());
        FeatureCache cache = settings.cache() == null ? null : new FeatureCache(settings.cache(), fx.version(), fx.dimension());
        TrainingData data = TrainingData.extract(new CorpusFeatures(fx, cache, settings.threads()), corpus,
                settings.speedFactors(), settings.telephoneCopies(), settings.seed(), log, progress);
        CorpusFeatures.Result base = data.base();
        FeatureTable table = data.table();
        Map<String, FeatureTable> channels = data.channels();
        Map<String, List<float[]>> speedCopies = data.speedCopies();
        Map<String, List<float[]>> telephoneCopies = data.telephoneCopies();

        Configurations configs = new Configurations(speedCopies, telephoneCopies);
        List<Learner> learners = configs.select(settings.models());
        Map<String, Map<String, CrossValidationResult>> byChannel = new LinkedHashMap<>();
        List<CrossValidationResult> results = crossValidate(learners, table, channels, SpeakerAdaptation.NONE, byChannel);
        List<String> candidates = ModelSelection.candidates(results, settings.selectOverride());
        String selected = ModelSelection.select(byChannel, candidates);
        NetworkTemperatures temperatures = settings.calibrate() ? ChannelSelection.fitTemperature(byChannel.get(selected))
                : NetworkTemperatures.single(TemperatureScaling.identity());
        log.printf(java.util.Locale.ROOT, "selected %s among %s (%s); calibration temperatures by network %s%n",
                selected, candidates, ModelSelection.RULE, temperatures.temperatures());
        List<CrossValidationResult> all = new ArrayList<>(results);
        if (settings.speakerAdaptation()) {
            Learner plain = configs.byName(ModelSelection.DEFAULT);
            all.addAll(crossValidate(List.of(plain), table, channels, SpeakerAdaptation.FULL, byChannel));
            all.addAll(crossValidate(List.of(plain), table, channels, SpeakerAdaptation.CAUSAL, byChannel));
        }
        PipelineEvaluation pipeline = null;
        if (settings.nested()) {
            NestedCrossValidation.Outcome nested = nested(candidates.stream().map(configs::byName).toList(), table,
                    channels);
            pipeline = new PipelineEvaluation(nested.byChannel(), nested.uncalibrated(), nested.chosen(),
                    nested.temperatures(), genders(table), temperatures.temperatures());
            StringBuilder line = new StringBuilder("nested (shipped pipeline):");
            nested.byChannel().forEach((ch, r) -> line.append(String.format(java.util.Locale.ROOT, "  %s %s", ch,
                    r.macroF1())));
            log.println(line);
            log.printf(java.util.Locale.ROOT, "calibration (nested, all channels): ECE %.4f -> %.4f%n",
                    pipeline.pooledBefore().ece(), pipeline.pooledAfter().ece());
        }

        Learner learner = configs.byName(selected);
        log.printf("training %s on all %d recordings%n", selected, table.size());
        ExportableModel exportable = exportable(learner.fit(table, settings.seed()), selected, temperatures);
        String version = modelVersion(selected, fx.version(), base.dataFingerprint(), settings.seed());
        CrossValidationResult chosen = results.stream().filter(r -> r.modelName().equals(selected)).findFirst()
                .orElseThrow();
        OnnxExportOptions options = new OnnxExportOptions(fx.version(), version, base.dataFingerprint(),
                cvScoresJson(chosen, byChannel.get(selected), pipeline, corpus.speakers()));
        Files.createDirectories(settings.modelOut().toAbsolutePath().getParent());
        OnnxExporter.write(exportable, options, settings.modelOut());
        double parity = parity(exportable, table, channels, fx);
        log.printf("exported %s (version %s); ONNX Runtime vs trained network: max |diff| %.2e%n",
                settings.modelOut(), version, parity);
        if (parity > PARITY_TOLERANCE) {
            throw new IllegalStateException("exported model differs from the trained network by " + parity + " (> "
                    + PARITY_TOLERANCE + "); not shipping it");
        }

        if (settings.callStudy()) {
            CallStudyRun.Settings study = new CallStudyRun.Settings(settings.emodb(), settings.cache(), settings.reports(),
                    settings.modelOut(), settings.seed(), selected, settings.speedFactors(), settings.telephoneCopies(),
                    settings.threads(), CallStudyRun.DEFAULT_CALLS_PER_SCENARIO, CallStudyRun.DEFAULT_PRIORS,
                    CallStudyRun.DEFAULT_PRIOR, CallStudyRun.DEFAULT_SPEAKER_DOMINANCE);
            new CallStudyRun(study, log, progress).run(data, learner);
        }

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("featureSpec", fx.version());
        extra.put("featureDimension", fx.dimension());
        extra.put("trainingDataFingerprint", base.dataFingerprint());
        extra.put("seed", settings.seed());
        extra.put("speedPerturbationFactors", settings.speedFactors());
        extra.put("telephoneCopies", settings.telephoneCopies());
        extra.put("selectionRule", ModelSelection.RULE);
        extra.put("candidates", candidates);
        extra.put("calibrationTemperatures", temperatures.temperatures());
        extra.put("modelVersion", version);
        extra.put("onnxParityMaxAbsDiff", parity);
        CvReport report = new CvReport(Emotion.labels(), all, selected, extra, byChannel, pipeline);
        new CvReportWriter().write(report, settings.reports());
        if (settings.modelCard() != null) {
            new ModelCard(report, version, settings).write(settings.modelCard());
        }
        return new Outcome(report, settings.modelOut(), parity, version);
    }

    /** What is shipped of a fitted classifier: its networks, per channel for a routed one, and their temperatures. */
    static ExportableModel exportable(ProbabilisticClassifier fitted, String name, NetworkTemperatures temperatures) {
        if (fitted instanceof ChannelRoutedLearner.Routed r) {
            return new ExportableModel(members(r.wideband(), name),
                    temperatures.of(ChannelGate.WIDEBAND).temperature(),
                    new ExportableModel.Routing(r.gate(), members(r.narrowband(), name),
                            temperatures.of(ChannelGate.TELEPHONE).temperature()));
        }
        return new ExportableModel(members(fitted, name), temperatures.of(ProbabilisticClassifier.ONLY_NETWORK)
                .temperature());
    }

    /** The exportable networks of a fitted classifier: one MLP, or the members of a seed ensemble. */
    private static List<MlpClassifier> members(ProbabilisticClassifier fitted, String name) {
        if (fitted instanceof MlpClassifier mlp) {
            return List.of(mlp);
        }
        if (fitted instanceof SeedEnsembleLearner.Ensemble e) {
            return e.members();
        }
        throw new IllegalStateException("selected configuration " + name + " is not an exportable MLP (or seed "
                + "ensemble of MLPs); choose a netBn* configuration");
    }

    private NestedCrossValidation.Outcome nested(List<Learner> candidates, FeatureTable table,
            Map<String, FeatureTable> channels) {
        int speakers = table.distinctSpeakers().length;
        int total = speakers * (candidates.size() * (speakers - 1) + 1);
        try (ProgressReporter.Task task = progress.start("nested cross-validation", total)) {
            return new NestedCrossValidation(settings.seed(), lanes()).run(candidates, table, channels,
                    (done, all) -> task.set(done));
        }
    }

    /** Cross-validation lanes: two when the settings allow two threads (each fit is single-threaded). */
    private int lanes() {
        return Math.max(1, Math.min(2, settings.threads()));
    }

    private static Map<String, String> genders(FeatureTable table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : table.distinctSpeakers()) {
            EmoDbFile.genderOf(s).ifPresent(g -> out.put(s, g));
        }
        return out;
    }

    /**
     * Cross-validates the learners with their folds as tasks of one pool of {@link #lanes} threads,
     * in the learners' order, so a long configuration's folds spread over both lanes (each fit is
     * single-threaded and seeded, so the results do not depend on scheduling).
     */
    private List<CrossValidationResult> crossValidate(List<Learner> learners, FeatureTable table,
            Map<String, FeatureTable> channels, SpeakerAdaptation adaptation,
            Map<String, Map<String, CrossValidationResult>> byChannel) {
        CrossValidation cv = new CrossValidation(new LeaveOneSpeakerOut(), adaptation, settings.seed());
        int folds = table.distinctSpeakers().length;
        ExecutorService pool = Executors.newFixedThreadPool(lanes());
        try (ProgressReporter.Task task = progress.start("cross-validation" + (adaptation == SpeakerAdaptation.NONE ? ""
                : " (" + adaptation.label() + ")"), learners.size() * folds)) {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            CvProgress p = (model, fold, d, total) -> task.set(done.incrementAndGet());
            List<CrossValidation.Pending> pending = new ArrayList<>();
            for (Learner l : learners) {
                pending.add(cv.start(l, table, channels, p, pool));
            }
            List<CrossValidationResult> out = new ArrayList<>();
            for (CrossValidation.Pending f : pending) {
                Map<String, CrossValidationResult> rs = f.join();
                CrossValidationResult r = rs.get(CrossValidation.CLEAN);
                StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                        "  %-32s macro F1 %s  pooled %.3f", r.modelName(), r.macroF1(), r.pooled().macroF1()));
                rs.forEach((ch, cr) -> {
                    if (!ch.equals(CrossValidation.CLEAN)) {
                        line.append(String.format(java.util.Locale.ROOT, "  %s %.3f", ch, cr.macroF1().mean()));
                    }
                });
                log.println(line);
                byChannel.put(r.modelName(), rs);
                out.add(r);
            }
            return out;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cross-validation failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Largest difference between ONNX Runtime on the exported file and the trained (calibrated)
     * model in Java, over every row of every channel.
     */
    private double parity(ExportableModel model, FeatureTable table, Map<String, FeatureTable> channels,
            FeatureExtractor fx) {
        List<float[]> rows = new ArrayList<>(List.of(table.features()));
        channels.values().forEach(t -> rows.addAll(List.of(t.features())));
        float[][] x = rows.toArray(float[][]::new);
        float[][] expected = model.predictProba(x);
        try (EmotionScorer scorer = EmotionScorer.load(settings.modelOut(), fx.version(), fx.dimension())) {
            EmotionScorer.Scored[] actual = scorer.scoreDetailed(x);
            double max = 0;
            int misrouted = 0;
            for (int i = 0; i < expected.length; i++) {
                for (int c = 0; c < expected[i].length; c++) {
                    max = Math.max(max, Math.abs(expected[i][c] - actual[i].probabilities()[c]));
                }
                if (model.routing() != null) {
                    String network = model.routing().gate().wideband(x[i]) ? ModelContract.WIDEBAND_NETWORK
                            : ModelContract.TELEPHONE_NETWORK;
                    misrouted += network.equals(actual[i].network()) ? 0 : 1;
                }
            }
            if (misrouted > 0) {
                throw new IllegalStateException("the exported model names another network than the trained gate for "
                        + misrouted + " of " + x.length + " rows; not shipping it");
            }
            return max;
        }
    }

    static String modelVersion(String config, String specHash, String dataFingerprint, long seed) {
        return config + "-" + specHash.substring(0, 8) + "-" + dataFingerprint.substring(0, 8) + "-s" + seed;
    }

    private static String cvScoresJson(CrossValidationResult r, Map<String, CrossValidationResult> channels,
            PipelineEvaluation pipeline, List<String> speakers) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("protocol", LeaveOneSpeakerOut.NAME);
        n.put("model", r.modelName());
        n.put("macroF1Mean", round(r.macroF1().mean()));
        n.put("macroF1Std", round(r.macroF1().std()));
        n.put("pooledMacroF1", round(r.pooled().macroF1()));
        n.put("accuracyMean", round(r.accuracy().mean()));
        if (channels != null) {
            ObjectNode by = n.putObject("macroF1ByChannel");
            channels.forEach((ch, cr) -> by.put(ch, round(cr.macroF1().mean())));
        }
        if (pipeline != null) {
            ObjectNode nested = n.putObject("nestedMacroF1ByChannel");
            pipeline.macroF1().forEach((ch, sm) -> nested.put(ch, round(sm.mean())));
            n.put("nestedEceAfter", round(pipeline.pooledAfter().ece()));
        }
        var s = n.putArray("speakers");
        speakers.forEach(s::add);
        try {
            return m.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}

package de.stimmung.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.model.Emotion;
import de.stimmung.trainer.cv.CrossValidation;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.CvProgress;
import de.stimmung.trainer.cv.LeaveOneSpeakerOut;
import de.stimmung.trainer.cv.SpeakerAdaptation;
import de.stimmung.trainer.dataset.CorpusFeatures;
import de.stimmung.trainer.dataset.EmoDbCorpus;
import de.stimmung.trainer.dataset.FeatureCache;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.export.OnnxExportOptions;
import de.stimmung.trainer.export.OnnxExporter;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.MlpClassifier;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import de.stimmung.trainer.report.CvReport;
import de.stimmung.trainer.report.CvReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One training run, start to end: extract (or load cached) features of every EmoDB recording
 * and its speed-perturbed copies, cross-validate every configuration leave-one-speaker-out,
 * select the batch-norm MLP, train it on all speakers, export it to ONNX, check ONNX Runtime
 * against the trained network, and write the reports and the model card. Deterministic for a
 * seed: the same data gives the same reports and the same model bytes.
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
        CorpusFeatures extraction = new CorpusFeatures(fx, cache, settings.threads());
        CorpusFeatures.Result base = extract(extraction, corpus, 1.0);
        FeatureTable table = base.table();
        Map<String, List<float[]>> augmented = new HashMap<>();
        for (double factor : settings.speedFactors()) {
            FeatureTable t = extract(extraction, corpus, factor).table();
            for (int i = 0; i < t.size(); i++) {
                augmented.computeIfAbsent(t.ids()[i], k -> new ArrayList<>()).add(t.features()[i]);
            }
        }

        Configurations configs = new Configurations(augmented, settings.speedFactors());
        List<Learner> learners = configs.select(settings.models());
        List<CrossValidationResult> results = crossValidate(learners, table, SpeakerAdaptation.NONE);
        String selected = ModelSelection.select(results, settings.selectOverride());
        log.printf("selected %s (%s)%n", selected, ModelSelection.RULE);
        List<CrossValidationResult> all = new ArrayList<>(results);
        if (settings.speakerAdaptation()) {
            Learner plain = configs.byName(ModelSelection.DEFAULT);
            all.addAll(crossValidate(List.of(plain), table, SpeakerAdaptation.FULL));
            all.addAll(crossValidate(List.of(plain), table, SpeakerAdaptation.CAUSAL));
        }
        CrossValidationResult chosen = all.stream().filter(r -> r.modelName().equals(selected)).findFirst().orElseThrow();

        Learner learner = configs.byName(selected);
        log.printf("training %s on all %d recordings%n", selected, table.size());
        ProbabilisticClassifier fitted = learner.fit(table, settings.seed());
        if (!(fitted instanceof MlpClassifier mlp)) {
            throw new IllegalStateException("selected configuration " + selected + " is not an exportable MLP");
        }
        String version = modelVersion(selected, fx.version(), base.dataFingerprint(), settings.seed());
        OnnxExportOptions options = new OnnxExportOptions(fx.version(), version, base.dataFingerprint(),
                cvScoresJson(chosen, corpus.speakers()));
        Files.createDirectories(settings.modelOut().toAbsolutePath().getParent());
        OnnxExporter.write(mlp, options, settings.modelOut());
        double parity = parity(mlp, table, fx);
        log.printf("exported %s (version %s); ONNX Runtime vs trained network: max |diff| %.2e%n",
                settings.modelOut(), version, parity);
        if (parity > PARITY_TOLERANCE) {
            throw new IllegalStateException("exported model differs from the trained network by " + parity + " (> "
                    + PARITY_TOLERANCE + "); not shipping it");
        }

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("featureSpec", fx.version());
        extra.put("featureDimension", fx.dimension());
        extra.put("trainingDataFingerprint", base.dataFingerprint());
        extra.put("seed", settings.seed());
        extra.put("speedPerturbationFactors", settings.speedFactors());
        extra.put("selectionRule", ModelSelection.RULE);
        extra.put("modelVersion", version);
        extra.put("onnxParityMaxAbsDiff", parity);
        CvReport report = new CvReport(Emotion.labels(), all, selected, extra);
        new CvReportWriter().write(report, settings.reports());
        if (settings.modelCard() != null) {
            new ModelCard(report, version, settings).write(settings.modelCard());
        }
        return new Outcome(report, settings.modelOut(), parity, version);
    }

    private CorpusFeatures.Result extract(CorpusFeatures extraction, EmoDbCorpus corpus, double factor) {
        String task = factor == 1.0 ? "features" : String.format(java.util.Locale.ROOT, "features x%.2f", factor);
        try (ProgressReporter.Task t = progress.start(task, corpus.size())) {
            CorpusFeatures.Result r = extraction.extract(corpus, factor, t::set);
            log.printf("%s: %d vectors of %d features (%d from cache)%n", task, r.table().size(), r.table().dimension(),
                    r.fromCache());
            return r;
        }
    }

    /**
     * Cross-validates the learners two at a time (one lane is mostly PyTorch, the other mostly
     * XGBoost; each is single-threaded and seeded, so the results do not depend on scheduling).
     */
    private List<CrossValidationResult> crossValidate(List<Learner> learners, FeatureTable table,
            SpeakerAdaptation adaptation) {
        CrossValidation cv = new CrossValidation(new LeaveOneSpeakerOut(), adaptation, settings.seed());
        int folds = table.distinctSpeakers().length;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(2, settings.threads())));
        try (ProgressReporter.Task task = progress.start("cross-validation" + (adaptation == SpeakerAdaptation.NONE ? ""
                : " (" + adaptation.label() + ")"), learners.size() * folds)) {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            CvProgress p = (model, fold, d, total) -> task.set(done.incrementAndGet());
            List<Future<CrossValidationResult>> futures = new ArrayList<>();
            for (Learner l : learners) {
                futures.add(pool.submit(() -> cv.run(l, table, p)));
            }
            List<CrossValidationResult> out = new ArrayList<>();
            for (Future<CrossValidationResult> f : futures) {
                CrossValidationResult r = f.get();
                log.printf("  %-32s macro F1 %s  pooled %.3f  accuracy %s%n", r.modelName(), r.macroF1(),
                        r.pooled().macroF1(), r.accuracy());
                out.add(r);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-validation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cross-validation failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Largest difference between ONNX Runtime on the exported file and the trained network, over all rows. */
    private double parity(MlpClassifier mlp, FeatureTable table, FeatureExtractor fx) {
        float[][] expected = mlp.predictProba(table.features());
        try (EmotionScorer scorer = EmotionScorer.load(settings.modelOut(), fx.version(), fx.dimension())) {
            float[][] actual = scorer.score(table.features());
            double max = 0;
            for (int i = 0; i < expected.length; i++) {
                for (int c = 0; c < expected[i].length; c++) {
                    max = Math.max(max, Math.abs(expected[i][c] - actual[i][c]));
                }
            }
            return max;
        }
    }

    static String modelVersion(String config, String specHash, String dataFingerprint, long seed) {
        return config + "-" + specHash.substring(0, 8) + "-" + dataFingerprint.substring(0, 8) + "-s" + seed;
    }

    private static String cvScoresJson(CrossValidationResult r, List<String> speakers) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("protocol", LeaveOneSpeakerOut.NAME);
        n.put("model", r.modelName());
        n.put("macroF1Mean", round(r.macroF1().mean()));
        n.put("macroF1Std", round(r.macroF1().std()));
        n.put("pooledMacroF1", round(r.pooled().macroF1()));
        n.put("accuracyMean", round(r.accuracy().mean()));
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

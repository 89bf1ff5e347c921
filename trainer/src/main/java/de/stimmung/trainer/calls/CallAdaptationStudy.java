package de.stimmung.trainer.calls;

import de.stimmung.model.CallNormalizer;
import de.stimmung.trainer.cv.ClassificationMetrics;
import de.stimmung.trainer.cv.CrossValidation;
import de.stimmung.trainer.cv.Fold;
import de.stimmung.trainer.cv.LeaveOneSpeakerOut;
import de.stimmung.trainer.cv.Summary;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Does per-call speaker normalisation help on calls, not just on shuffled utterances?
 * Leave-one-speaker-out: per fold the learner is fitted on the other speakers, the
 * {@link CallNormalizer}'s population statistics on the same training rows, and the held-out
 * speaker's utterances are strung into simulated calls ({@link CallScenario}: mostly neutral,
 * angry throughout, random order; {@code callsPerScenario} seeded orders each, the same orders on
 * every channel). Every call is scored twice over: each utterance as it is ({@value #NONE}), and
 * remapped by the normaliser from the call's <em>earlier</em> utterances only, for each prior
 * strength. A call is one channel throughout (clean, or one telephone line).
 */
public final class CallAdaptationStudy {

    /** The method label of scoring without normalisation. */
    public static final String NONE = "none";

    private final int callsPerScenario;
    private final long seed;

    public CallAdaptationStudy(int callsPerScenario, long seed) {
        if (callsPerScenario < 1) {
            throw new IllegalArgumentException("need at least one call per scenario");
        }
        this.callsPerScenario = callsPerScenario;
        this.seed = seed;
    }

    /** A way of normalising: its name in the reports, its population statistics per fold, its priors. */
    public record Variant(String family, Function<FeatureTable, CallNormalizer> population, double[] priors) {

        /** The label of this family with prior {@code k}, e.g. {@code all k=5}. */
        public String method(double k) {
            return CallAdaptationStudy.method(family, k);
        }
    }

    /** The label of a family with prior {@code k}, e.g. {@code all k=5}. */
    public static String method(String family, double k) {
        return family + " " + (k == Math.rint(k) ? "k=" + (long) k : "k=" + k);
    }

    /**
     * One cell of the study: a scenario, a channel, a method, summarised over folds (fold-mean
     * macro F1 and accuracy) and pooled over every simulated utterance.
     *
     * @param utterances scored utterances in all calls of all folds
     */
    public record Cell(String scenario, String channel, String method, Summary macroF1, Summary accuracy,
                       double pooledMacroF1, double pooledAccuracy, int utterances) {
    }

    /** All cells, in scenario, channel, method order. */
    public record Outcome(List<Cell> cells, int callsPerScenario, long seed) {

        public Cell cell(String scenario, String channel, String method) {
            return cells.stream().filter(c -> c.scenario.equals(scenario) && c.channel.equals(channel)
                    && c.method.equals(method)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "no cell " + scenario + "/" + channel + "/" + method));
        }
    }

    /**
     * @param variants the normalisers to compare with scoring alone; each fits its population
     *                 statistics on a fold's training rows
     * @param foldDone called with the number of folds done
     */
    public Outcome run(Learner learner, FeatureTable table, Map<String, FeatureTable> channels, List<Variant> variants,
            IntConsumer foldDone) {
        Objects.requireNonNull(learner, "learner");
        Map<String, FeatureTable> tables = new LinkedHashMap<>();
        tables.put(CrossValidation.CLEAN, table);
        tables.putAll(channels);
        List<String> methods = new ArrayList<>();
        methods.add(NONE);
        variants.forEach(v -> {
            for (double k : v.priors()) {
                methods.add(v.method(k));
            }
        });
        // per cell, per fold (true, predicted)
        Map<CellKey, List<int[][]>> byCell = new LinkedHashMap<>();
        List<Fold> folds = new LeaveOneSpeakerOut().split(table);
        int done = 0;
        for (Fold fold : folds) {
            FeatureTable train = table.select(fold.train());
            ProbabilisticClassifier classifier = learner.fit(train, seed);
            Map<String, CallNormalizer> normalizers = new LinkedHashMap<>();
            for (Variant v : variants) {
                CallNormalizer fitted = v.population().apply(train);
                for (double k : v.priors()) {
                    normalizers.put(v.method(k), fitted.withPrior(k));
                }
            }
            int[] testLabels = new int[fold.test().length];
            for (int i = 0; i < testLabels.length; i++) {
                testLabels[i] = table.labels()[fold.test()[i]];
            }
            for (CallScenario scenario : CallScenario.values()) {
                List<List<Integer>> calls = new ArrayList<>();
                for (int r = 0; r < callsPerScenario; r++) {
                    SplittableRandom random = new SplittableRandom(seed ^ (31L * fold.heldOutSpeaker().hashCode())
                            ^ (1_000_003L * scenario.ordinal()) ^ (7_919L * r));
                    List<Integer> call = scenario.call(fold.test(), testLabels, random);
                    if (!call.isEmpty()) {
                        calls.add(call);
                    }
                }
                for (Map.Entry<String, FeatureTable> ch : tables.entrySet()) {
                    FeatureTable t = ch.getValue();
                    for (String m : methods) {
                        CallNormalizer n = normalizers.get(m);
                        List<Integer> truth = new ArrayList<>();
                        List<float[]> inputs = new ArrayList<>();
                        for (List<Integer> call : calls) {
                            CallNormalizer.State state = n == null ? null : n.start();
                            for (int row : call) {
                                float[] x = t.features()[row];
                                inputs.add(n == null ? x : n.apply(state, x));
                                if (n != null) {
                                    n.update(state, x);
                                }
                                truth.add(t.labels()[row]);
                            }
                        }
                        int[] predicted = argmax(classifier.predictProba(inputs.toArray(float[][]::new)));
                        int[] trueLabels = truth.stream().mapToInt(Integer::intValue).toArray();
                        byCell.computeIfAbsent(new CellKey(scenario.label(), ch.getKey(), m),
                                k -> new ArrayList<>()).add(new int[][] {trueLabels, predicted});
                    }
                }
            }
            foldDone.accept(++done);
        }
        List<Cell> cells = new ArrayList<>();
        byCell.forEach((key, perFold) -> cells.add(cell(key.scenario(), key.channel(), key.method(), perFold,
                table.numClasses())));
        return new Outcome(List.copyOf(cells), callsPerScenario, seed);
    }

    private record CellKey(String scenario, String channel, String method) {
    }

    private static Cell cell(String scenario, String channel, String method, List<int[][]> perFold, int classes) {
        double[] f1 = new double[perFold.size()];
        double[] acc = new double[perFold.size()];
        List<Integer> allTrue = new ArrayList<>();
        List<Integer> allPred = new ArrayList<>();
        for (int f = 0; f < perFold.size(); f++) {
            ClassificationMetrics m = ClassificationMetrics.of(perFold.get(f)[0], perFold.get(f)[1], classes);
            f1[f] = m.macroF1();
            acc[f] = m.accuracy();
            for (int i = 0; i < perFold.get(f)[0].length; i++) {
                allTrue.add(perFold.get(f)[0][i]);
                allPred.add(perFold.get(f)[1][i]);
            }
        }
        ClassificationMetrics pooled = ClassificationMetrics.of(allTrue.stream().mapToInt(Integer::intValue).toArray(),
                allPred.stream().mapToInt(Integer::intValue).toArray(), classes);
        return new Cell(scenario, channel, method, Summary.of(f1), Summary.of(acc), pooled.macroF1(), pooled.accuracy(),
                allTrue.size());
    }

    private static int[] argmax(float[][] proba) {
        int[] out = new int[proba.length];
        for (int i = 0; i < proba.length; i++) {
            int best = 0;
            for (int c = 1; c < proba[i].length; c++) {
                if (proba[i][c] > proba[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}

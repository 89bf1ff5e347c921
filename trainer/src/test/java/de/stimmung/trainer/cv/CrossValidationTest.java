package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    /**
     * Four speakers a..d, three classes with centroids (0,0), (10,0), (0,10), each row shifted by a
     * small per-speaker offset. Speaker d has no class 2. Ids are "speaker-row".
     */
    static FeatureTable separableTable() {
        String[] speakerCodes = {"d", "b", "a", "c"}; // unsorted on purpose
        float[][] centre = {{0, 0}, {10, 0}, {0, 10}};
        List<float[]> f = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        List<String> s = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int si = 0; si < speakerCodes.length; si++) {
            for (int c = 0; c < 3; c++) {
                if (speakerCodes[si].equals("d") && c == 2) {
                    continue;
                }
                for (int r = 0; r < 2; r++) {
                    f.add(new float[] {centre[c][0] + 0.3f * si + 0.1f * r, centre[c][1] - 0.2f * si});
                    l.add(c);
                    s.add(speakerCodes[si]);
                    ids.add(speakerCodes[si] + "-" + ids.size());
                }
            }
        }
        return new FeatureTable(f.toArray(float[][]::new), l.stream().mapToInt(Integer::intValue).toArray(),
                s.toArray(String[]::new), ids.toArray(String[]::new), 3);
    }

    @Test
    void learnerIsNeverFittedOnTheHeldOutSpeakersRows() {
        FeatureTable table = separableTable();
        NearestCentroidLearner learner = new NearestCentroidLearner();
        CrossValidationResult result = new CrossValidation(7).run(learner, table, CvProgress.NONE);

        assertEquals(List.of("a", "b", "c", "d"), result.heldOutSpeakers());
        assertEquals(4, learner.fitted.size());
        for (int f = 0; f < 4; f++) {
            String heldOut = result.folds().get(f).heldOutSpeaker();
            FeatureTable train = learner.fitted.get(f);
            assertFalse(Arrays.asList(train.speakers()).contains(heldOut), "fold " + f + " trained on " + heldOut);
            for (String id : train.ids()) {
                assertFalse(id.startsWith(heldOut + "-"), id);
            }
            int heldOutRows = (int) Arrays.stream(table.speakers()).filter(heldOut::equals).count();
            assertEquals(table.size() - heldOutRows, train.size());
            assertEquals(heldOutRows, learner.scored.get(f).length);
        }
    }

    @Test
    void everyRowGetsExactlyOneHeldOutPredictionInTableOrder() {
        FeatureTable table = separableTable();
        CrossValidationResult result = new CrossValidation(7).run(new NearestCentroidLearner(), table, CvProgress.NONE);
        assertEquals(table.size(), result.predicted().length);
        // the data are separable by class centroid, so every held-out prediction is the true label
        assertArrayEquals(table.labels(), result.predicted());
        for (float[] p : result.probabilities()) {
            double sum = 0;
            for (float v : p) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
        assertEquals(new Summary(1.0, 0.0), result.macroF1());
        assertEquals(1.0, result.pooled().macroF1(), 1e-12);
        assertEquals(1.0, result.accuracy().mean(), 1e-12);
    }

    @Test
    void foldOfASpeakerWithoutAClassAveragesOverThePresentClassesOnly() {
        CrossValidationResult result = new CrossValidation(7).run(new NearestCentroidLearner(), separableTable(),
                CvProgress.NONE);
        FoldResult d = result.folds().get(3);
        assertEquals("d", d.heldOutSpeaker());
        assertArrayEquals(new boolean[] {true, true, false}, d.metrics().present());
        assertEquals(1.0, d.metrics().macroF1(), 1e-12); // 0 for the absent class would give 2/3
    }

    @Test
    void progressIsReportedOnceBeforeAndOnceAfterEachFold() {
        List<String> events = new ArrayList<>();
        CvProgress progress = new CvProgress() {
            @Override
            public void foldStarted(String model, Fold fold, int total) {
                events.add("start " + model + " " + fold.heldOutSpeaker() + "/" + total);
            }

            @Override
            public void foldFinished(String model, FoldResult result, int done, int total) {
                events.add("done " + done + "/" + total);
            }
        };
        new CrossValidation(7).run(new NearestCentroidLearner(), separableTable(), progress);
        assertEquals(List.of("start nearestCentroid a/4", "done 1/4", "start nearestCentroid b/4", "done 2/4",
                "start nearestCentroid c/4", "done 3/4", "start nearestCentroid d/4", "done 4/4"), events);
    }

    @Test
    void speakerAdaptationIsNamedInTheResultAndAppliedToBothSides() {
        NearestCentroidLearner learner = new NearestCentroidLearner();
        CrossValidationResult result = new CrossValidation(new LeaveOneSpeakerOut(), SpeakerAdaptation.FULL, 7)
                .run(learner, separableTable(), CvProgress.NONE);
        assertEquals("nearestCentroid+speaker-norm-full", result.modelName());
        // after per-speaker standardisation the first feature of each training speaker has mean 0
        FeatureTable train = learner.fitted.get(0);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < train.size(); i++) {
            if (train.speakers()[i].equals("b")) {
                sum += train.features()[i][0];
                n++;
            }
        }
        assertEquals(0.0, sum / n, 1e-5);
        assertEquals(0.0, Arrays.stream(learner.scored.get(0)).mapToDouble(r -> r[1]).sum(), 1e-4);
    }

    @Test
    void causalAdaptationWarmsUpWithTheTrainingFoldsRawStatistics() {
        FeatureTable table = separableTable();
        NearestCentroidLearner learner = new NearestCentroidLearner();
        CrossValidationResult result = new CrossValidation(new LeaveOneSpeakerOut(), SpeakerAdaptation.CAUSAL, 7)
                .run(learner, table, CvProgress.NONE);
        assertEquals("nearestCentroid+speaker-norm-causal", result.modelName());
        // fold 0 holds out speaker a; its first test row has no history, so it is standardised with
        // the statistics of the raw training rows (speakers b, c, d) and nothing of speaker a
        Fold fold = result.folds().get(0).fold();
        de.stimmung.trainer.learners.Standardizer population =
                de.stimmung.trainer.learners.Standardizer.fit(table.select(fold.train()).features());
        float[] firstTestRow = table.features()[fold.test()[0]];
        assertArrayEquals(population.apply(new float[][] {firstTestRow})[0], learner.scored.get(0)[0]);
    }

    @Test
    void classifierReturningTheWrongShapeIsReportedWithTheLearnersName() {
        Learner broken = new Learner() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public ProbabilisticClassifier fit(FeatureTable train, long seed) {
                return features -> new float[features.length][2];
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CrossValidation(1).run(broken, separableTable(), CvProgress.NONE));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("expected one per class (3)"),
                e.getMessage());
    }
}

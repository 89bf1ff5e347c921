package de.stimmung.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.CvProgress;
import de.stimmung.trainer.cv.CrossValidation;
import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {

    /** Cross-validates a learner that is right on the first {@code correct} of every 10 rows. */
    static CrossValidationResult result(String name, int correct) {
        int n = 40;
        float[][] x = new float[n][1];
        int[] y = new int[n];
        String[] speakers = new String[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i;
            y[i] = i % 7;
            speakers[i] = "0" + (i % 4);
            ids[i] = "r" + i;
        }
        FeatureTable t = new FeatureTable(x, y, speakers, ids, 7);
        Learner l = new Learner() {
            public String name() {
                return name;
            }

            public de.stimmung.trainer.learners.ProbabilisticClassifier fit(FeatureTable train, long seed) {
                return rows -> {
                    float[][] p = new float[rows.length][7];
                    for (int i = 0; i < rows.length; i++) {
                        int row = (int) rows[i][0];
                        p[i][(row % 10) < correct ? row % 7 : (row + 1) % 7] = 1f;
                    }
                    return p;
                };
            }
        };
        return new CrossValidation(1).run(l, t, CvProgress.NONE);
    }

    /** Results on three channels: clean right on {@code clean} of 10, each telephone line on {@code phone}. */
    static java.util.Map<String, CrossValidationResult> channels(String name, int clean, int phone) {
        java.util.Map<String, CrossValidationResult> m = new java.util.LinkedHashMap<>();
        m.put("clean", result(name, clean));
        m.put("mulaw8k", result(name, phone));
        m.put("alaw8k", result(name, phone));
        return m;
    }

    @Test
    void theCandidateBestOverAllChannelsIsShippedNotTheBestOnCleanAudio() {
        var byChannel = new java.util.LinkedHashMap<String, java.util.Map<String, CrossValidationResult>>();
        byChannel.put("netBnDr100AugTel", channels("netBnDr100AugTel", 9, 3));
        byChannel.put("netBnDr200AugTel", channels("netBnDr200AugTel", 7, 7));
        assertEquals("netBnDr200AugTel", ModelSelection.select(byChannel, List.of("netBnDr100AugTel", "netBnDr200AugTel")),
                "7/7/7 beats 9/3/3: the telephone channels count as much as studio audio");
        assertEquals("netBnDr100AugTel", ModelSelection.select(byChannel, List.of("netBnDr100AugTel")));
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(byChannel, List.of("netBn50")));
    }

    @Test
    void candidatesArePreferredConfigurationsElseEveryBatchNormNetAndNeverAnotherFamily() {
        List<CrossValidationResult> run = List.of(result("LGC", 10), result("netBn50", 5), result("netBnDr200AugTel", 5),
                result("netBnDr200x3AugTel", 5), result("routedDr100Aug_Dr200AugTel", 5));
        assertEquals(List.of("netBnDr200x3AugTel", "routedDr100Aug_Dr200AugTel"), ModelSelection.candidates(run, null));
        assertEquals(List.of("netBnDr200x3AugTel"), ModelSelection.candidates(run.subList(0, 4), null),
                "the candidates that were run");
        assertEquals(List.of("netBn50", "netBn100"), ModelSelection.candidates(
                List.of(result("LGC", 10), result("netBn50", 5), result("netBn100", 6)), null),
                "a better non-batch-norm model is never a candidate");
        assertEquals(List.of("LGC"), ModelSelection.candidates(run, "LGC"));
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.candidates(run, "XGB_50"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ModelSelection.candidates(List.of(result("LGC", 5)), null)).getMessage().contains("netBn50"));
    }

    @Test
    void unknownConfigurationsAreNamedWithTheValidOnes() {
        java.util.Map<String, List<float[]>> copies = java.util.Map.of("03a01Wa.wav", List.of(new float[] {1f}));
        Configurations c = new Configurations(copies, copies);
        assertTrue(c.names().containsAll(List.of("LGC", "RFC_50", "RFC_100", "RFC_200", "XGB_50", "XGB_100", "XGB_200",
                "standardNet50", "standardNet100", "standardNet200", "netBn50", "netBn100", "netBn200", "netBnDr50",
                "netBnDr100", "netBnDr200", "netBn50Aug", "netBnDr100Aug", "netBnDr100Tel", "netBnDr100AugTel",
                "routedDr100Aug_Dr200AugTel")), c.names().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.select(List.of("SVM")));
        assertTrue(e.getMessage().contains("'SVM'") && e.getMessage().contains("netBn50"), e.getMessage());
    }
}

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

    @Test
    void netBn50StaysUnlessAnotherBatchNormNetIsClearlyBetter() {
        CrossValidationResult base = result("netBn50", 6);
        assertEquals("netBn50", ModelSelection.select(List.of(base, result("netBn100", 6), result("LGC", 10)), null),
                "a better non-batch-norm model is never shipped");
        assertEquals("netBnDr200", ModelSelection.select(List.of(base, result("netBnDr200", 9), result("netBn200", 8)), null));
    }

    @Test
    void anOverrideMustHaveBeenCrossValidatedAndNetBnMustBeThere() {
        assertEquals("LGC", ModelSelection.select(List.of(result("netBn50", 5), result("LGC", 6)), "LGC"));
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(List.of(result("netBn50", 5)), "XGB_50"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(List.of(result("LGC", 5)), null))
                .getMessage().contains("netBn50"));
    }

    @Test
    void unknownConfigurationsAreNamedWithTheValidOnes() {
        Configurations c = new Configurations(java.util.Map.of(), new double[] {0.9});
        assertTrue(c.names().containsAll(List.of("LGC", "RFC_50", "RFC_100", "RFC_200", "XGB_50", "XGB_100", "XGB_200",
                "standardNet50", "standardNet100", "standardNet200", "netBn50", "netBn100", "netBn200", "netBnDr50",
                "netBnDr100", "netBnDr200", "netBn50Aug", "netBnDr100Aug")), c.names().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.select(List.of("SVM")));
        assertTrue(e.getMessage().contains("'SVM'") && e.getMessage().contains("netBn50"), e.getMessage());
    }
}

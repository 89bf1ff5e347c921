package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double EPS = 1e-12;

    /*
     * Three classes A=0, B=1, C=2; ten rows. Confusion (rows true, columns predicted):
     *        A  B  C   | row sum
     *   A    3  1  0   | 4
     *   B    1  2  1   | 4
     *   C    0  0  2   | 2
     *   col  4  3  3
     * accuracy  = (3+2+2)/10 = 0.7
     * precision = A 3/4 = 0.75, B 2/3, C 2/3
     * recall    = A 3/4 = 0.75, B 2/4 = 0.5, C 2/2 = 1
     * F1        = A 0.75; B 2*(2/3)*(1/2)/(2/3+1/2) = (2/3)/(7/6) = 4/7; C 2*(2/3)*1/(5/3) = 0.8
     * macro P   = (0.75 + 2/3 + 2/3)/3 = 0.694444...
     * macro R   = (0.75 + 0.5 + 1)/3   = 0.75
     * macro F1  = (0.75 + 4/7 + 0.8)/3 = 0.707142857...
     */
    @Test
    void handComputedThreeClassExample() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
        int[] pred = {0, 0, 0, 1, 0, 1, 1, 2, 2, 2};
        ClassificationMetrics m = ClassificationMetrics.of(truth, pred, 3);
        assertArrayEquals(new int[][] {{3, 1, 0}, {1, 2, 1}, {0, 0, 2}}, m.confusion());
        assertEquals(0.7, m.accuracy(), EPS);
        assertArrayEquals(new double[] {0.75, 2.0 / 3, 2.0 / 3}, m.precision(), EPS);
        assertArrayEquals(new double[] {0.75, 0.5, 1.0}, m.recall(), EPS);
        assertArrayEquals(new double[] {0.75, 4.0 / 7, 0.8}, m.f1(), EPS);
        assertEquals((0.75 + 2.0 / 3 + 2.0 / 3) / 3, m.macroPrecision(), EPS);
        assertEquals(0.75, m.macroRecall(), EPS);
        assertEquals((0.75 + 4.0 / 7 + 0.8) / 3, m.macroF1(), EPS);
        assertEquals(10, m.total());
    }

    /*
     * Class C (2) never occurs in the truth but is predicted once:
     *        A  B  C
     *   A    1  0  1
     *   B    0  2  0
     *   C    0  0  0
     * precision A 1/1 = 1, B 2/2 = 1, C 0/1 = 0; recall A 1/2, B 1, C 0 (no true C: 0 by definition)
     * F1 A 2*1*0.5/1.5 = 2/3, B 1, C 0.
     * Macro over present classes {A, B}: P (1+1)/2 = 1, R (0.5+1)/2 = 0.75, F1 (2/3+1)/2 = 5/6
     * (averaging C in as well would give F1 5/9: that is what must not happen).
     */
    @Test
    void macroAveragesOnlyTheClassesPresentInTheTrueLabels() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1}, 3);
        assertArrayEquals(new boolean[] {true, true, false}, m.present());
        assertArrayEquals(new double[] {1, 1, 0}, m.precision(), EPS);
        assertArrayEquals(new double[] {0.5, 1, 0}, m.recall(), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 1, 0}, m.f1(), EPS);
        assertEquals(1.0, m.macroPrecision(), EPS);
        assertEquals(0.75, m.macroRecall(), EPS);
        assertEquals(5.0 / 6, m.macroF1(), EPS);
        assertEquals(0.75, m.accuracy(), EPS);
    }

    @Test
    void aClassNeverPredictedHasPrecisionAndF1Zero() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 0}, 2);
        assertEquals(0.5, m.precision()[0], EPS);
        assertEquals(0.0, m.precision()[1], EPS);
        assertEquals(0.0, m.f1()[1], EPS);
    }

    @Test
    void labelOutsideTheClassRangeIsRejectedByRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[] {0, 3}, new int[] {0, 0}, 3));
        assertEquals("row 1: true 3, predicted 0; class indices must be in 0..2", e.getMessage());
    }

    @Test
    void nothingToScoreIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[0], new int[0], 3));
    }
}

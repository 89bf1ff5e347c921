package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.model.Emotion;
import de.stimmung.trainer.dataset.FeatureTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

class TribuoAdapterTest {

    @Test
    void featureNamesAreZeroPaddedSoTheirSortOrderIsTheColumnOrder() {
        assertArrayEquals(new String[] {"f0000", "f0001", "f0002"}, TribuoAdapter.featureNames(3));
        String[] wide = TribuoAdapter.featureNames(12_000);
        assertEquals("f00000", wide[0]);
        assertEquals("f11999", wide[11_999]);
        String[] sorted = wide.clone();
        Arrays.sort(sorted);
        assertArrayEquals(wide, sorted);
    }

    @Test
    void exactZerosStayExplicitFeaturesSoXgboostDoesNotReadThemAsMissing() {
        Example<Label> e = TribuoAdapter.toExamples(new float[][] {{0f, 1.5f, 0f}}).get(0);
        assertEquals(3, e.size());
        double[] values = new double[3];
        int j = 0;
        for (Feature f : e) {
            values[j++] = f.getValue();
        }
        assertArrayEquals(new double[] {0, 1.5, 0}, values);
    }

    @Test
    void datasetLabelsAreEmotionLabels() {
        var table = new FeatureTable(new float[][] {{1f}, {2f}}, new int[] {0, 6}, new String[] {"03", "08"},
                new String[] {"a.wav", "b.wav"}, 7);
        var dataset = TribuoAdapter.toDataset(table);
        assertEquals("anger", dataset.getExample(0).getOutput().getLabel());
        assertEquals("neutral", dataset.getExample(1).getOutput().getLabel());
    }

    @Test
    void nonFiniteFeatureIsRejectedNamingFeatureAndRow() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TribuoAdapter.toExamples(new float[][] {{1f, Float.NaN}}));
        assertTrue(e.getMessage().contains("f0001") && e.getMessage().contains("row 0"), e.getMessage());
    }

    @Test
    void scoresBecomeProbabilitiesInEmotionOrderWithUnseenClassesAtZero() {
        Map<String, Label> scores = new LinkedHashMap<>();
        scores.put("sadness", new Label("sadness", 0.6));
        scores.put("anger", new Label("anger", 0.2));
        scores.put("neutral", new Label("neutral", 0.2));
        Example<Label> example = TribuoAdapter.toExamples(new float[][] {{1f}}).get(0);
        var prediction = new Prediction<>(scores.get("sadness"), scores, 1, example, true);

        float[] p = TribuoAdapter.toProbabilities(prediction);

        float[] expected = new float[Emotion.values().length];
        expected[Emotion.SADNESS.ordinal()] = 0.6f;
        expected[Emotion.ANGER.ordinal()] = 0.2f;
        expected[Emotion.NEUTRAL.ordinal()] = 0.2f;
        assertArrayEquals(expected, p, 1e-6f);
    }
}

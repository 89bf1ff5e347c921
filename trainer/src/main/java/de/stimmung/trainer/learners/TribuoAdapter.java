package de.stimmung.trainer.learners;

import de.stimmung.model.Emotion;
import de.stimmung.trainer.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Converts between the trainer's dense float matrices and Tribuo's named-feature examples.
 *
 * <p>Feature {@code j} is named {@code f0000}, {@code f0001}, ... (zero-padded to at least four
 * digits, more if the table is wider) so that Tribuo's lexicographic feature order equals the
 * column order. Label names are {@link Emotion#label()}.
 *
 * <p>Tribuo stores examples sparsely: a feature that is <em>absent</em> means 0 to the linear
 * and CART learners, but means <em>missing</em> to XGBoost (it takes the learned default branch).
 * This adapter therefore writes every column of every row explicitly, including exact zeros, so
 * all three families see the same dense matrix and a feature that happens to be 0 is never
 * silently treated as missing. Non-finite values are rejected, because XGBoost would read NaN as
 * missing and the linear model would diverge.
 *
 * <p>Stateless and thread-safe.
 */
public final class TribuoAdapter {

    private static final LabelFactory LABELS = new LabelFactory();

    private TribuoAdapter() {
    }

    /** The Tribuo feature names for {@code dimension} columns: {@code f0000, f0001, ...}. */
    public static String[] featureNames(int dimension) {
        int width = Math.max(4, String.valueOf(Math.max(0, dimension - 1)).length());
        String[] names = new String[dimension];
        for (int j = 0; j < dimension; j++) {
            names[j] = "f" + "0".repeat(width - String.valueOf(j).length()) + j;
        }
        return names;
    }

    /**
     * A labelled Tribuo dataset holding every row of {@code table} (all features explicit).
     *
     * @throws IllegalArgumentException if the table is empty or a value is NaN or infinite
     */
    public static MutableDataset<Label> toDataset(FeatureTable table) {
        if (table.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty FeatureTable; check the fold split");
        }
        String[] names = featureNames(table.dimension());
        List<Example<Label>> examples = new ArrayList<>(table.size());
        for (int i = 0; i < table.size(); i++) {
            Label label = new Label(Emotion.values()[table.labels()[i]].label());
            examples.add(example(label, names, table.features()[i], table.ids()[i]));
        }
        var provenance = new SimpleDataSourceProvenance("stimmung FeatureTable", LABELS);
        return new MutableDataset<>(new ListDataSource<>(examples, LABELS, provenance));
    }

    /**
     * Unlabelled Tribuo examples for prediction, one per row, with the feature names a model
     * trained by {@link #toDataset} expects.
     */
    public static List<Example<Label>> toExamples(float[][] rows) {
        if (rows.length == 0) {
            return List.of();
        }
        String[] names = featureNames(rows[0].length);
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            examples.add(example(LabelFactory.UNKNOWN_LABEL, names, rows[i], "row " + i));
        }
        return examples;
    }

    /**
     * The prediction's scores as a probability vector in {@link Emotion} order. Classes the model
     * never saw in training get 0; the vector is renormalised to sum to 1.
     *
     * @throws IllegalStateException if the model does not produce probabilities or names a label
     *                               that is not an {@link Emotion}
     */
    public static float[] toProbabilities(Prediction<Label> prediction) {
        if (!prediction.hasProbabilities()) {
            throw new IllegalStateException("Tribuo model produced scores, not probabilities; "
                    + "use a trainer whose model generates probabilities (softmax, tree ensembles, XGBoost)");
        }
        Map<String, Label> scores = prediction.getOutputScores();
        float[] p = new float[Emotion.values().length];
        double sum = 0;
        for (Label l : scores.values()) {
            double s = l.getScore();
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalStateException("Tribuo returned score " + s + " for '" + l.getLabel()
                        + "'; expected a probability in [0, 1]");
            }
            p[Emotion.fromLabel(l.getLabel()).ordinal()] = (float) s;
            sum += s;
        }
        if (sum <= 0) {
            throw new IllegalStateException("Tribuo returned all-zero probabilities " + scores.values());
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (p[k] / sum);
        }
        return p;
    }

    private static Example<Label> example(Label label, String[] names, float[] row, String id) {
        if (row.length != names.length) {
            throw new IllegalArgumentException("row " + id + " has " + row.length + " features, expected "
                    + names.length);
        }
        double[] values = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            if (!Float.isFinite(row[j])) {
                throw new IllegalArgumentException("feature " + names[j] + " of " + id + " is " + row[j]
                        + "; the learners need finite values: fix or impute it in the feature extractor");
            }
            values[j] = row[j];
        }
        return new ArrayExample<>(label, names, values);
    }
}

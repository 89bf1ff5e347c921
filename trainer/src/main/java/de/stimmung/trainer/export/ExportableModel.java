package de.stimmung.trainer.export;

import de.stimmung.trainer.learners.MlpClassifier;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import de.stimmung.trainer.learners.SeedEnsembleLearner;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What is shipped: one or more fitted MLPs whose probabilities are averaged, then rescaled by a
 * calibration temperature ({@code softmax(log max(p, 1e-12) / T)}; for a single member this
 * equals dividing its logits by {@code T}). {@link #predictProba} computes in Java exactly what
 * {@link OnnxExporter} puts in the graph, so the exported file can be checked against it.
 * Immutable.
 *
 * @param members     the fitted networks (at least one, all on the same features)
 * @param temperature the calibration temperature, positive; 1 leaves probabilities unchanged
 */
public record ExportableModel(List<MlpClassifier> members, double temperature) implements ProbabilisticClassifier {

    /** Probabilities are floored here before the logarithm of the ensemble's rescaling. */
    public static final double FLOOR = 1e-12;

    public ExportableModel {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an exported model needs at least one fitted network");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        int d = members.get(0).featureDimension();
        for (MlpClassifier m : members) {
            if (m.featureDimension() != d) {
                throw new IllegalArgumentException("ensemble members take " + d + " and " + m.featureDimension()
                        + " features; all must be trained on the same feature vector");
            }
        }
    }

    @Override
    public float[][] predictProba(float[][] features) {
        boolean single = members.size() == 1;
        float[][] mean = single ? members.get(0).predictProba(features)
                : new SeedEnsembleLearner.Ensemble(members).predictProba(features);
        if (single && temperature == 1.0) {
            return mean;
        }
        // One network: the graph divides its logits, and log(softmax(z)) = z - const, floored only where
        // float32 underflowed. An ensemble: the graph floors the mean at FLOOR before the logarithm.
        double floor = single ? Float.MIN_VALUE : FLOOR;
        for (float[] row : mean) {
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                z[c] = Math.log(Math.max(floor, row[c])) / temperature;
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < row.length; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) (z[c] / sum);
            }
        }
        return mean;
    }

    /** A one-line description for the model file's doc string. */
    public String describe() {
        String base = members.get(0).config().describe();
        String ensemble = members.size() == 1 ? "" : ", ensemble of " + members.size() + " seeds ("
                + members.stream().map(m -> Long.toString(m.seed())).collect(Collectors.joining(", ")) + ")";
        String calibration = temperature == 1.0 ? "" : String.format(java.util.Locale.ROOT, ", temperature %.4f",
                temperature);
        return base + ensemble + calibration;
    }
}

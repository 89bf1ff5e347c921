package de.stimmung.trainer.export;

import de.stimmung.trainer.learners.ChannelGate;
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
 * With a {@link Routing}, rows its gate does not call wideband are scored by the routing's
 * telephone members instead, calibrated by the routing's own temperature. Immutable.
 *
 * @param members     the fitted networks (at least one, all on the same features); with a routing,
 *                    those for wideband rows
 * @param temperature the calibration temperature (of the wideband members, with a routing), positive;
 *                    1 leaves probabilities unchanged
 * @param routing     null for one model for every row
 */
public record ExportableModel(List<MlpClassifier> members, double temperature, Routing routing)
        implements ProbabilisticClassifier {

    /**
     * One model per channel: rows {@code gate} does not call wideband go to {@code telephone}.
     *
     * @param gate        the channel decision
     * @param telephone   the networks for telephone rows (at least one)
     * @param temperature the calibration temperature of the telephone networks, positive
     */
    public record Routing(ChannelGate gate, List<MlpClassifier> telephone, double temperature) {
        public Routing {
            telephone = List.copyOf(telephone);
            if (telephone.isEmpty()) {
                throw new IllegalArgumentException("a routing needs at least one telephone network");
            }
            checkTemperature(temperature);
        }
    }

    /** One model for every row. */
    public ExportableModel(List<MlpClassifier> members, double temperature) {
        this(members, temperature, null);
    }

    /** Probabilities are floored here before the logarithm of the ensemble's rescaling. */
    public static final double FLOOR = 1e-12;

    public ExportableModel {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an exported model needs at least one fitted network");
        }
        checkTemperature(temperature);
        int d = members.get(0).featureDimension();
        List<MlpClassifier> all = new java.util.ArrayList<>(members);
        if (routing != null) {
            all.addAll(routing.telephone());
        }
        for (MlpClassifier m : all) {
            if (m.featureDimension() != d) {
                throw new IllegalArgumentException("ensemble members take " + d + " and " + m.featureDimension()
                        + " features; all must be trained on the same feature vector");
            }
        }
    }

    private static void checkTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
    }

    @Override
    public float[][] predictProba(float[][] features) {
        float[][] wide = calibrated(members, temperature, features);
        if (routing == null) {
            return wide;
        }
        // the graph computes both branches for every row and picks one per row
        float[][] telephone = calibrated(routing.telephone(), routing.temperature(), features);
        int[] network = networks(features);
        for (int i = 0; i < features.length; i++) {
            if (network[i] == ChannelGate.TELEPHONE) {
                wide[i] = telephone[i];
            }
        }
        return wide;
    }

    /** Per row, the network that scores it: the gate's {@link ChannelGate#networks}, or 0 without a routing. */
    @Override
    public int[] networks(float[][] features) {
        return routing == null ? new int[features.length] : routing.gate().networks(features);
    }

    private static float[][] calibrated(List<MlpClassifier> members, double temperature, float[][] features) {
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
        String wide = describe(members);
        if (routing != null) {
            ChannelGate g = routing.gate();
            wide = "wideband input: " + wide + "; telephone input: " + describe(routing.telephone())
                    + String.format(java.util.Locale.ROOT, "; wideband when feature %d >= %.4f and feature %d - feature %d"
                    + " >= %.4f", g.high(), g.absoluteThreshold(), g.high(), g.reference(), g.relativeThreshold());
        }
        String calibration = temperature == 1.0 ? "" : String.format(java.util.Locale.ROOT, ", temperature %.4f",
                temperature);
        if (routing != null && routing.temperature() != 1.0) {
            calibration = String.format(java.util.Locale.ROOT, ", temperature %.4f wideband, %.4f telephone",
                    temperature, routing.temperature());
        }
        return wide + calibration;
    }

    private static String describe(List<MlpClassifier> members) {
        String base = members.get(0).config().describe();
        String ensemble = members.size() == 1 ? "" : ", ensemble of " + members.size() + " seeds ("
                + members.stream().map(m -> Long.toString(m.seed())).collect(Collectors.joining(", ")) + ")";
        return base + ensemble;
    }
}

package de.stimmung.trainer.cv;

import java.util.ArrayList;
import java.util.List;

/**
 * Temperature scaling per network of a model: a model with one network per channel gets a
 * temperature for the rows each of its networks scores, since one shared temperature leaves the
 * studio network on clean audio and the telephone network on telephone audio miscalibrated in
 * opposite directions. A single-network model gets one. A network that scored fewer than
 * {@value #MIN_ROWS} of the rows fitted on (or none) gets the temperature of all rows pooled.
 * Immutable.
 *
 * @param pooled    the temperature fitted on all rows
 * @param byNetwork per network index ({@link de.stimmung.trainer.learners.ProbabilisticClassifier#networks}),
 *                  its temperature
 */
public record NetworkTemperatures(TemperatureScaling pooled, List<TemperatureScaling> byNetwork) {

    /** Fewest rows a network must have scored to get a temperature of its own. */
    public static final int MIN_ROWS = 50;

    public NetworkTemperatures {
        byNetwork = List.copyOf(byNetwork);
    }

    /** One temperature for every network. */
    public static NetworkTemperatures single(TemperatureScaling t) {
        return new NetworkTemperatures(t, List.of(t));
    }

    /**
     * Fits a temperature per network on the rows it scored, and one on all rows.
     *
     * @param networks per row, the network that scored it (0, 1, ...)
     * @throws IllegalArgumentException for no rows or arrays of different lengths
     */
    public static NetworkTemperatures fit(float[][] probabilities, int[] labels, int[] networks) {
        if (networks.length != probabilities.length) {
            throw new IllegalArgumentException("one network index per probability row is needed, got "
                    + networks.length + " for " + probabilities.length + " rows");
        }
        TemperatureScaling pooled = TemperatureScaling.fit(probabilities, labels);
        int count = 0;
        for (int n : networks) {
            if (n < 0) {
                throw new IllegalArgumentException("network indices are 0 or more, got " + n);
            }
            count = Math.max(count, n + 1);
        }
        List<TemperatureScaling> byNetwork = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<float[]> p = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < networks.length; i++) {
                if (networks[i] == n) {
                    p.add(probabilities[i]);
                    y.add(labels[i]);
                }
            }
            byNetwork.add(p.size() < MIN_ROWS ? pooled : TemperatureScaling.fit(p.toArray(float[][]::new),
                    y.stream().mapToInt(Integer::intValue).toArray()));
        }
        return new NetworkTemperatures(pooled, byNetwork);
    }

    /** The temperature of one network (the pooled one for a network the fit never saw). */
    public TemperatureScaling of(int network) {
        return network < byNetwork.size() ? byNetwork.get(network) : pooled;
    }

    /** Each row rescaled by the temperature of the network that scored it (new arrays). */
    public float[][] apply(float[][] probabilities, int[] networks) {
        float[][] out = new float[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            out[i] = of(networks[i]).apply(probabilities[i]);
        }
        return out;
    }

    /** The temperatures by network, as numbers. */
    public List<Double> temperatures() {
        return byNetwork.stream().map(TemperatureScaling::temperature).toList();
    }
}

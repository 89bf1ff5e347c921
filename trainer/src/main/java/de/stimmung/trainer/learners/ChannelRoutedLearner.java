package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model per channel, chosen per row by the input's own spectrum ({@link ChannelGate}): a
 * wideband model for audio with energy above the telephone band, a telephone-robust model for
 * the rest. Both are fitted on the same training rows with the same seed (each adds the copies
 * it trains on), so each branch is exactly its configuration fitted alone; the gate's thresholds
 * are fitted on the training rows and their telephone copies only.
 *
 * @param name            the configuration's name in reports
 * @param wideband        the model for wideband rows
 * @param narrowband      the model for telephone rows
 * @param telephoneCopies per row id, its telephone-channel copies (for the gate)
 */
public record ChannelRoutedLearner(String name, Learner wideband, Learner narrowband,
                                   Map<String, List<float[]>> telephoneCopies) implements Learner {

    @Override
    public Routed fit(FeatureTable train, long seed) {
        List<float[]> copies = new ArrayList<>();
        for (String id : train.ids()) {
            copies.addAll(telephoneCopies.getOrDefault(id, List.of()));
        }
        if (copies.isEmpty()) {
            throw new IllegalArgumentException(name + " needs telephone copies of the training rows; none were given");
        }
        ChannelGate gate = ChannelGate.fit(train.features(), copies.toArray(float[][]::new));
        return new Routed(wideband.fit(train, seed), narrowband.fit(train, seed), gate);
    }

    /** The fitted pair: rows the gate calls wideband go to {@code wideband}, the rest to {@code narrowband}. */
    public record Routed(ProbabilisticClassifier wideband, ProbabilisticClassifier narrowband, ChannelGate gate)
            implements ProbabilisticClassifier {

        /** Per row, the gate's {@link ChannelGate#networks network}. */
        @Override
        public int[] networks(float[][] features) {
            return gate.networks(features);
        }

        @Override
        public float[][] predictProba(float[][] features) {
            List<Integer> wideRows = new ArrayList<>();
            List<Integer> narrowRows = new ArrayList<>();
            int[] network = networks(features);
            for (int i = 0; i < features.length; i++) {
                (network[i] == ChannelGate.WIDEBAND ? wideRows : narrowRows).add(i);
            }
            float[][] out = new float[features.length][];
            fill(out, wideRows, wideband, features);
            fill(out, narrowRows, narrowband, features);
            return out;
        }

        private static void fill(float[][] out, List<Integer> rows, ProbabilisticClassifier model, float[][] features) {
            if (rows.isEmpty()) {
                return;
            }
            float[][] x = new float[rows.size()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = features[rows.get(i)];
            }
            float[][] p = model.predictProba(x);
            for (int i = 0; i < x.length; i++) {
                out[rows.get(i)] = p[i];
            }
        }
    }
}

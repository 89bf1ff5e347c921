package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains an inner learner on its training rows plus speed-perturbed copies of exactly those
 * rows (looked up by row id), so a fold's held-out speaker is never seen in any form. The copies
 * come from the same recordings played slightly faster or slower, which shifts pitch, formants
 * and tempo together, as a different speaker's voice would: the network learns emotion cues that
 * survive such shifts. Returns the inner learner's classifier unchanged (an {@link MlpClassifier}
 * stays exportable).
 *
 * @param inner     the learner to train
 * @param suffix    appended to the inner name in reports (e.g. {@code Aug})
 * @param augmented per row id, the feature vectors of its perturbed copies (same label and speaker)
 */
public record SpeedAugmentedLearner(Learner inner, String suffix, Map<String, List<float[]>> augmented)
        implements Learner {

    @Override
    public String name() {
        return inner.name() + suffix;
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        List<float[]> f = new ArrayList<>(Arrays.asList(train.features()));
        List<Integer> labels = new ArrayList<>();
        List<String> speakers = new ArrayList<>(Arrays.asList(train.speakers()));
        List<String> ids = new ArrayList<>(Arrays.asList(train.ids()));
        for (int label : train.labels()) {
            labels.add(label);
        }
        for (int i = 0; i < train.size(); i++) {
            List<float[]> copies = augmented.getOrDefault(train.ids()[i], List.of());
            for (int c = 0; c < copies.size(); c++) {
                f.add(copies.get(c));
                labels.add(train.labels()[i]);
                speakers.add(train.speakers()[i]);
                ids.add(train.ids()[i] + "~" + c);
            }
        }
        FeatureTable expanded = new FeatureTable(f.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), speakers.toArray(String[]::new),
                ids.toArray(String[]::new), train.numClasses());
        return inner.fit(expanded, seed);
    }
}

package de.stimmung.trainer;

import de.stimmung.trainer.learners.Baselines;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.MlpConfig;
import de.stimmung.trainer.learners.MlpLearner;
import de.stimmung.trainer.learners.SpeedAugmentedLearner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model configurations a run can cross-validate, by name, in report order: the old
 * system's families ({@code LGC}, {@code RFC_*}, {@code XGB_*}, {@code standardNet*},
 * {@code netBn*}, {@code netBnDr*}) and Stimmung's own, which train the batch-norm MLPs on
 * speed-perturbed copies of the training speakers as well ({@code netBn50Aug}, {@code netBnDr100Aug}).
 */
final class Configurations {

    /** Suffix of the configurations trained with speed-perturbed copies. */
    static final String AUGMENTED = "Aug";

    private final Map<String, Learner> byName = new LinkedHashMap<>();

    Configurations(Map<String, List<float[]>> augmented, double[] speedFactors) {
        Baselines.all().forEach(this::add);
        MlpLearner.namedConfigurations().forEach(this::add);
        if (speedFactors.length > 0) {
            add(new SpeedAugmentedLearner(new MlpLearner(MlpConfig.netBn(50)), AUGMENTED, augmented));
            add(new SpeedAugmentedLearner(new MlpLearner(MlpConfig.netBnDr(100)), AUGMENTED, augmented));
        }
    }

    private void add(Learner l) {
        byName.put(l.name(), l);
    }

    /** All names, in report order. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The named configurations in report order; all of them when {@code names} is empty.
     *
     * @throws IllegalArgumentException naming the unknown configuration and the valid ones
     */
    List<Learner> select(List<String> names) {
        if (names.isEmpty()) {
            return List.copyOf(byName.values());
        }
        List<Learner> out = new ArrayList<>();
        for (String n : names) {
            out.add(byName(n));
        }
        return out;
    }

    Learner byName(String name) {
        Learner l = byName.get(name);
        if (l == null) {
            throw new IllegalArgumentException("unknown model configuration '" + name + "', expected one of " + names());
        }
        return l;
    }
}

package de.stimmung.trainer.learners;

import java.util.List;

/**
 * The baseline model families of the system Stimmung replaces, by their report names:
 * {@code LGC} (logistic regression), {@code RFC_50/100/200} (random forests) and
 * {@code XGB_50/100/200} (gradient-boosted trees). All are built on Tribuo; see each learner for
 * its hyper-parameters. The list and its order are stable.
 */
public final class Baselines {

    private Baselines() {
    }

    /** Every baseline configuration, in report order. */
    public static List<Learner> all() {
        return List.of(
                new LogisticRegressionLearner("LGC", 30, 0.02),
                new RandomForestLearner("RFC_50", 50),
                new RandomForestLearner("RFC_100", 100),
                new RandomForestLearner("RFC_200", 200),
                GradientBoostingLearner.withRounds(50),
                GradientBoostingLearner.withRounds(100),
                GradientBoostingLearner.withRounds(200));
    }

    /** The names of {@link #all()}, in the same order. */
    public static List<String> names() {
        return all().stream().map(Learner::name).toList();
    }

    /**
     * The baseline with this exact name (case-sensitive, as in the reports).
     *
     * @throws IllegalArgumentException naming the unknown name and listing the valid ones
     */
    public static Learner byName(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown baseline '" + name + "', expected one of "
                        + names()));
    }
}

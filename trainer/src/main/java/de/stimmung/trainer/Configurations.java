package de.stimmung.trainer;

import de.stimmung.trainer.learners.Baselines;
import de.stimmung.trainer.learners.ChannelRoutedLearner;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.MemoizedLearner;
import de.stimmung.trainer.learners.MlpConfig;
import de.stimmung.trainer.learners.MlpLearner;
import de.stimmung.trainer.learners.SeedEnsembleLearner;
import de.stimmung.trainer.learners.SpeedAugmentedLearner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model configurations a run can cross-validate, by name, in report order: the old
 * system's families ({@code LGC}, {@code RFC_*}, {@code XGB_*}, {@code standardNet*},
 * {@code netBn*}, {@code netBnDr*}) and Stimmung's own, which train the batch-norm MLPs on
 * speed-perturbed copies of the training speakers as well ({@code netBn50Aug}, {@code netBnDr100Aug}),
 * on telephone-channel copies ({@code *Tel}), and one model per channel ({@link #ROUTED}: the studio
 * model for wideband input, the telephone-robust one for the rest).
 */
final class Configurations {

    /** Suffix of the configurations trained with speed-perturbed copies. */
    static final String AUGMENTED = "Aug";

    private final Map<String, Learner> byName = new LinkedHashMap<>();

    /** Suffix of the configurations trained with telephone-channel copies as well. */
    static final String TELEPHONE = "Tel";

    /**
     * @param speedCopies     per row id, the feature vectors of its speed-perturbed copies
     * @param telephoneCopies per row id, the feature vectors of its telephone-channel copies
     *                        (random lines, some of them after a speed change)
     */
    Configurations(Map<String, List<float[]>> speedCopies, Map<String, List<float[]>> telephoneCopies) {
        Baselines.all().forEach(this::add);
        MlpLearner.namedConfigurations().forEach(this::add);
        if (!speedCopies.isEmpty()) {
            add(new SpeedAugmentedLearner(new MlpLearner(MlpConfig.netBn(50)), AUGMENTED, speedCopies));
            // memoised: also the wideband branch of ROUTED, fitted on the same rows with the same seed
            add(new MemoizedLearner(new SpeedAugmentedLearner(new MlpLearner(MlpConfig.netBnDr(100)), AUGMENTED,
                    speedCopies)));
        }
        if (!telephoneCopies.isEmpty()) {
            Map<String, List<float[]>> both = merged(speedCopies, telephoneCopies);
            MlpConfig wide = MlpConfig.netBnDr(200).withEpochs(TELEPHONE_EPOCHS);
            // memoised: the telephone branch of ROUTED and the first member of ENSEMBLE are its fits
            Learner wideFits = new MemoizedLearner(new MlpLearner(wide));
            for (MlpConfig c : List.of(MlpConfig.netBnDr(100), MlpConfig.netBnDr(200))) {
                MlpConfig fewer = c.withEpochs(TELEPHONE_EPOCHS);
                add(new SpeedAugmentedLearner(new MlpLearner(fewer), TELEPHONE, telephoneCopies));
                add(new SpeedAugmentedLearner(fewer.equals(wide) ? wideFits : new MlpLearner(fewer),
                        AUGMENTED + TELEPHONE, both));
            }
            add(new SpeedAugmentedLearner(new MlpLearner(wide.withBalancedClassWeights()), AUGMENTED + TELEPHONE, both));
            add(new SpeedAugmentedLearner(new SeedEnsembleLearner(wideFits, ENSEMBLE_SIZE), AUGMENTED + TELEPHONE, both));
            // its first three members are ENSEMBLE's
            add(new SpeedAugmentedLearner(new SeedEnsembleLearner(wideFits, LARGE_ENSEMBLE_SIZE), AUGMENTED + TELEPHONE,
                    both));
            Learner mixed = new MemoizedLearner(new MlpLearner(wide.withMixup(MIXUP_ALPHA)));
            add(new SpeedAugmentedLearner(mixed, AUGMENTED + TELEPHONE, both));
            add(new SpeedAugmentedLearner(new SeedEnsembleLearner(mixed, ENSEMBLE_SIZE), AUGMENTED + TELEPHONE, both));
            if (!speedCopies.isEmpty()) {
                // the studio model and the telephone-robust model, each for its own channel
                Learner studio = byName.get(STUDIO);
                Learner robust = byName.get(ROUTED_TELEPHONE);
                add(new ChannelRoutedLearner(ROUTED, studio, robust, telephoneCopies));
            }
        }
    }

    /**
     * Epochs of the telephone-augmented configurations: they see 4-7 times more rows per epoch than
     * the plain ones, so fewer passes give as many optimiser steps.
     */
    static final int TELEPHONE_EPOCHS = 40;

    /** The seed ensemble of the telephone-robust model (its first member is {@link #ROUTED_TELEPHONE}). */
    static final String ENSEMBLE = "netBnDr200x3AugTel";
    /** The studio-audio model a {@link #ROUTED} pipeline scores wideband input with. */
    static final String STUDIO = "netBnDr100Aug";
    /** The telephone-robust model a {@link #ROUTED} pipeline scores telephone input with. */
    static final String ROUTED_TELEPHONE = "netBnDr200AugTel";
    /** One model per channel: {@link #STUDIO} for wideband input, {@link #ROUTED_TELEPHONE} for the rest. */
    static final String ROUTED = "routedDr100Aug_Dr200AugTel";

    /** Members of the seed-ensemble configuration. */
    static final int ENSEMBLE_SIZE = 3;
    /** Members of the larger seed ensemble {@code netBnDr200x5AugTel}. */
    static final int LARGE_ENSEMBLE_SIZE = 5;
    /** Beta parameter of the mixup configurations ({@code netBnDr200Mix*}). */
    static final float MIXUP_ALPHA = 0.4f;

    private static Map<String, List<float[]>> merged(Map<String, List<float[]>> a, Map<String, List<float[]>> b) {
        Map<String, List<float[]>> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }

    private void add(Learner l) {
        byName.put(l.name(), l);
    }

    /** All names, in report order. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Configurations a default run leaves out: ablations of the channel-robust family whose
     * question is answered (telephone copies without speed copies, the narrower net with both,
     * class-balanced loss, five seeds instead of three, mixup; figures in the README).
     * {@code --models} still runs them.
     */
    static final String ANSWERED_ABLATION_NAMES = "netBnDr100Tel, netBnDr100AugTel, netBnDr200Tel, "
            + "netBnDr200BalAugTel, netBnDr200x5AugTel, netBnDr200MixAugTel, netBnDr200Mixx3AugTel";

    /** {@link #ANSWERED_ABLATION_NAMES} as a list (the text is a constant so that the CLI's help can name them). */
    static final List<String> ANSWERED_ABLATIONS = List.of(ANSWERED_ABLATION_NAMES.split(", "));

    /**
     * The named configurations in report order; when {@code names} is empty, all of them but the
     * {@link #ANSWERED_ABLATIONS}.
     *
     * @throws IllegalArgumentException naming the unknown configuration and the valid ones
     */
    List<Learner> select(List<String> names) {
        if (names.isEmpty()) {
            return byName.values().stream().filter(l -> !ANSWERED_ABLATIONS.contains(l.name())).toList();
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

package de.stimmung.trainer.calls;

import de.stimmung.model.Emotion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a simulated call strings one speaker's utterances together. A per-call normaliser learns
 * from the call's earlier utterances, so what those are decides whether it helps: a call that is
 * mostly neutral gives it a good picture of the speaker's usual voice, a call that is angry from
 * the start teaches it that anger is this speaker's normal (and normalises the anger away).
 */
public enum CallScenario {
    /** All of the speaker's neutral utterances and three emotional ones, in random order. */
    MOSTLY_NEUTRAL("mostly-neutral"),
    /** Only the speaker's angry utterances, in random order. */
    ANGRY_THROUGHOUT("angry-throughout"),
    /** All of the speaker's utterances in random order (every emotion, roughly as recorded). */
    RANDOM_ORDER("random-order");

    /** Emotional utterances mixed into a {@link #MOSTLY_NEUTRAL} call. */
    public static final int EMOTIONAL_IN_NEUTRAL_CALL = 3;

    private final String label;

    CallScenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * One simulated call: indices into {@code rows} (the speaker's utterances, with
     * {@code labels[i]} the emotion of {@code rows[i]}), in call order. Deterministic for the
     * random source.
     *
     * @return the call, or an empty list when the speaker has no utterances for this scenario
     */
    public List<Integer> call(int[] rows, int[] labels, SplittableRandom random) {
        List<Integer> neutral = new ArrayList<>();
        List<Integer> emotional = new ArrayList<>();
        List<Integer> angry = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            (labels[i] == Emotion.NEUTRAL.ordinal() ? neutral : emotional).add(rows[i]);
            if (labels[i] == Emotion.ANGER.ordinal()) {
                angry.add(rows[i]);
            }
        }
        List<Integer> call = new ArrayList<>();
        switch (this) {
            case MOSTLY_NEUTRAL -> {
                call.addAll(neutral);
                shuffle(emotional, random);
                call.addAll(emotional.subList(0, Math.min(EMOTIONAL_IN_NEUTRAL_CALL, emotional.size())));
            }
            case ANGRY_THROUGHOUT -> call.addAll(angry);
            case RANDOM_ORDER -> {
                call.addAll(neutral);
                call.addAll(emotional);
            }
        }
        shuffle(call, random);
        return call;
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}

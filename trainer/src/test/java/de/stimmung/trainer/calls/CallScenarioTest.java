package de.stimmung.trainer.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.model.Emotion;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CallScenarioTest {

    // rows 100.. of one speaker: 5 neutral, 4 angry, 3 sad
    static final int[] ROWS = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111};
    static final int N = Emotion.NEUTRAL.ordinal();
    static final int W = Emotion.ANGER.ordinal();
    static final int T = Emotion.SADNESS.ordinal();
    static final int[] LABELS = {N, W, N, T, W, N, W, T, N, W, T, N};

    static int label(int row) {
        return LABELS[row - 100];
    }

    @Test
    void aMostlyNeutralCallHasEveryNeutralUtteranceAndThreeEmotionalOnes() {
        List<Integer> call = CallScenario.MOSTLY_NEUTRAL.call(ROWS, LABELS, new SplittableRandom(1));
        assertEquals(5 + CallScenario.EMOTIONAL_IN_NEUTRAL_CALL, call.size());
        assertEquals(5, call.stream().filter(r -> label(r) == N).count());
        assertEquals(call.size(), new HashSet<>(call).size(), "no utterance twice");
    }

    @Test
    void anAngryCallIsAngryThroughoutAndARandomCallHasEverything() {
        List<Integer> angry = CallScenario.ANGRY_THROUGHOUT.call(ROWS, LABELS, new SplittableRandom(2));
        assertEquals(4, angry.size());
        assertTrue(angry.stream().allMatch(r -> label(r) == W));
        List<Integer> all = CallScenario.RANDOM_ORDER.call(ROWS, LABELS, new SplittableRandom(3));
        assertEquals(new HashSet<>(List.of(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111)),
                new HashSet<>(all));
    }

    @Test
    void ordersAreSeededAndDifferBetweenSeeds() {
        assertEquals(CallScenario.RANDOM_ORDER.call(ROWS, LABELS, new SplittableRandom(9)),
                CallScenario.RANDOM_ORDER.call(ROWS, LABELS, new SplittableRandom(9)));
        assertNotEquals(CallScenario.RANDOM_ORDER.call(ROWS, LABELS, new SplittableRandom(9)),
                CallScenario.RANDOM_ORDER.call(ROWS, LABELS, new SplittableRandom(10)));
    }

    @Test
    void aSpeakerWithoutAngryUtterancesHasNoAngryCall() {
        assertTrue(CallScenario.ANGRY_THROUGHOUT.call(new int[] {1, 2}, new int[] {N, T}, new SplittableRandom(1))
                .isEmpty());
    }
}

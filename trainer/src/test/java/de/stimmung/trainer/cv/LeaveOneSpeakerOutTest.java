package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaveOneSpeakerOutTest {

    private static final String[] SPEAKERS = {"16", "03", "08", "03", "16", "08", "03"};

    private final LeaveOneSpeakerOut loso = new LeaveOneSpeakerOut();

    @Test
    void thereIsOneFoldPerSpeakerInSortedOrder() {
        List<Fold> folds = loso.split(SPEAKERS);
        assertEquals(List.of("03", "08", "16"), folds.stream().map(Fold::heldOutSpeaker).toList());
        assertEquals(List.of(0, 1, 2), folds.stream().map(Fold::index).toList());
        assertArrayEquals(new int[] {1, 3, 6}, folds.get(0).test());
        assertArrayEquals(new int[] {0, 2, 4, 5}, folds.get(0).train());
    }

    @Test
    void noSpeakerIsEverInBothTrainAndTestOfAFold() {
        for (Fold fold : loso.split(SPEAKERS)) {
            Set<String> train = new HashSet<>();
            for (int i : fold.train()) {
                train.add(SPEAKERS[i]);
            }
            for (int i : fold.test()) {
                assertEquals(fold.heldOutSpeaker(), SPEAKERS[i]);
            }
            assertFalse(train.contains(fold.heldOutSpeaker()), fold.toString());
            assertEquals(SPEAKERS.length, fold.train().length + fold.test().length);
        }
    }

    @Test
    void everyRowIsTestedExactlyOnce() {
        int[] tested = new int[SPEAKERS.length];
        for (Fold fold : loso.split(SPEAKERS)) {
            for (int i : fold.test()) {
                tested[i]++;
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, tested);
    }

    @Test
    void aSingleSpeakerIsRejectedBecauseNothingIsLeftToTrainOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loso.split(new String[] {"03", "03"}));
        assertTrue(e.getMessage().contains("at least 2 distinct speakers"), e.getMessage());
    }

    @Test
    void aRowWithoutSpeakerIsRejectedByIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loso.split(new String[] {"03", " ", "08"}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void splitterNamesItself() {
        assertEquals("leave-one-speaker-out", loso.name());
        assertEquals("leave-one-speaker-out", loso.toString());
    }
}

package de.stimmung.trainer.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.model.Emotion;
import org.junit.jupiter.api.Test;

class EmoDbFileTest {

    @Test
    void nameSaysSpeakerTextEmotionAndVersion() {
        EmoDbFile f = EmoDbFile.parse("03a01Fa.wav");
        assertEquals(new EmoDbFile("03", "a01", Emotion.HAPPINESS, 'a'), f);
        assertEquals("03a01Fa.wav", f.fileName());
    }

    @Test
    void angerIsTheLetterW() {
        assertEquals(Emotion.ANGER, EmoDbFile.parse("16b10Wb.wav").emotion());
    }

    @Test
    void upperCaseExtensionIsAccepted() {
        assertEquals("08", EmoDbFile.parse("08a02Tc.WAV").speaker());
    }

    @Test
    void nameThatDoesNotFitIsRejectedWithTheExpectedPattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmoDbFile.parse("readme.wav"));
        assertTrue(e.getMessage().contains("readme.wav") && e.getMessage().contains("03a01Fa.wav"), e.getMessage());
    }

    @Test
    void unknownEmotionLetterIsRejectedNamingTheValidLetters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmoDbFile.parse("03a01Xa.wav"));
        assertTrue(e.getMessage().contains("'X'") && e.getMessage().contains("W (anger)"), e.getMessage());
    }

    @Test
    void tryParseIsEmptyForOtherFiles() {
        assertTrue(EmoDbFile.tryParse("03a01Fa.txt").isEmpty());
        assertTrue(EmoDbFile.tryParse("03a01Fa.wav").isPresent());
    }
}

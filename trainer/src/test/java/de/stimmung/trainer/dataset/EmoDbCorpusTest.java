package de.stimmung.trainer.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.model.Emotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmoDbCorpusTest {

    @TempDir
    Path dir;

    @Test
    void filesAreSortedByNameAndOtherFilesAreIgnored() throws IOException {
        Path wav = Files.createDirectories(dir.resolve("wav"));
        for (String n : List.of("10b01Ta.wav", "03a01Fa.wav", "notes.txt", "03a01Wa.wav", "bad.wav")) {
            Files.writeString(wav.resolve(n), "x");
        }
        EmoDbCorpus corpus = EmoDbCorpus.scan(dir);
        assertEquals(List.of("03a01Fa.wav", "03a01Wa.wav", "10b01Ta.wav"),
                corpus.recordings().stream().map(r -> r.path().getFileName().toString()).toList());
        assertEquals(List.of("03", "10"), corpus.speakers());
        assertEquals(wav, corpus.wavFolder());
    }

    @Test
    void aFolderOfWavsIsAcceptedDirectly() throws IOException {
        Files.writeString(dir.resolve("09a05Ld.wav"), "x");
        EmoDbCorpus corpus = EmoDbCorpus.scan(dir);
        assertEquals(Emotion.BOREDOM, corpus.recordings().get(0).file().emotion());
    }

    @Test
    void emptyFolderErrorSaysWhatWasExpectedAndHowToGetTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmoDbCorpus.scan(dir));
        assertTrue(e.getMessage().startsWith("no EmoDB WAV files in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("03a01Fa.wav") && e.getMessage().contains("trainer download")
                && e.getMessage().contains("--emodb"), e.getMessage());
    }

    @Test
    void missingFolderErrorNamesTheFolder() {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmoDbCorpus.scan(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void sharedDevelopmentCopyHas418FilesOf8SpeakersWithTheDocumentedEmotionCounts() {
        String root = System.getProperty("stimmung.emodb");
        assumeTrue(root != null && Files.isDirectory(Path.of(root, "wav")),
                "EmoDB development copy not found (system property stimmung.emodb = " + root
                        + "); this test needs ../shared/emodb");
        EmoDbCorpus corpus = EmoDbCorpus.scan(Path.of(root));
        assertEquals(418, corpus.size());
        assertEquals(List.of("03", "08", "09", "10", "11", "12", "14", "16"), corpus.speakers());
        assertEquals(Map.of(Emotion.ANGER, 102, Emotion.BOREDOM, 62, Emotion.DISGUST, 33, Emotion.FEAR, 54,
                Emotion.HAPPINESS, 55, Emotion.SADNESS, 53, Emotion.NEUTRAL, 59), corpus.countsByEmotion());
    }
}

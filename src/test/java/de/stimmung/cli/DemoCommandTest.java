package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void theDemoRunsEndToEndAndClassifiesEveryReplayedCall(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(140, 1.0, 16000), 16000), dir.resolve("a.wav"));
        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(230, 0.8, 8000), 8000), dir.resolve("b.wav"));
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("demo", "--fast", "--audio", dir.toString(), "--json",
                "--duration", "0", "--http-port", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("2 of 2 utterances classified"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("{\"callId\"")).count(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("dashboard: http://127\\.0\\.0\\.1:\\d+/")), r.out());
    }

    @Test
    void theDemoPrintsOneReadableLinePerEventAndServesTheDashboardForTheDuration(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(180, 1.0, 16000), 16000), dir.resolve("anruf.wav"));
        long started = System.nanoTime();
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("demo", "--fast", "--audio", dir.toString(),
                "--duration", "2s", "--http-port", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  call anruf  ch0  [a-z]+ +[01]\\.\\d\\d  \\(.*\\)")),
                r.out());
        assertTrue(r.out().contains("running for 2 s more"), r.out());
        assertTrue(System.nanoTime() - started > 2_000_000_000L, "it kept running for the duration");
    }

    @Test
    void aBadDurationNamesTheAcceptedForms() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DemoLines.parseDuration("soon"));
        assertTrue(e.getMessage().contains("90s"), e.getMessage());
        assertEquals(java.time.Duration.ofMinutes(5), DemoLines.parseDuration("5m"));
        assertEquals(java.time.Duration.ofSeconds(90), DemoLines.parseDuration("90"));
    }

    @Test
    void theShippedGermanClipsAreInTheJarAndReadable() throws Exception {
        for (String name : DemoCommand.BUNDLED) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name + ".wav")) {
                PcmAudio a = WavFile.read(in, name);
                assertEquals(8000, a.sampleRateHz(), name);
                assertTrue(a.durationSeconds() > 1.5 && a.durationSeconds() < 8, name + ": " + a.durationSeconds() + " s");
            }
        }
    }
}

package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeaturesCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = StimmungCommand.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void featuresOfAFolderArePrintedOneJsonLinePerFileMatchingTheExtractor(@TempDir Path dir) throws Exception {
        float[] tone = new float[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / 8000.0));
        }
        Files.createDirectories(dir.resolve("sub"));
        WavFile.write(new PcmAudio(tone, 8000), dir.resolve("sub/b.wav"));
        WavFile.write(new PcmAudio(tone, 8000), dir.resolve("a.wav"));
        Files.writeString(dir.resolve("notes.txt"), "not audio");
        Run r = run("features", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertTrue(first.get("file").asText().endsWith("a.wav"));
        assertEquals(1000, first.get("durationMs").asLong());
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        assertEquals(fx.version(), first.get("featureSpec").asText());
        float[] expected = fx.extract(WavFile.read(dir.resolve("a.wav")).samples(), 8000);
        assertEquals(expected.length, first.get("features").size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], first.get("features").get(i).floatValue(), 0f, "feature " + i);
        }
    }

    @Test
    void describeListsTheSpecVersionAndEveryFeature() {
        Run r = run("features", "--describe");
        assertEquals(0, r.exit());
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        assertTrue(r.out().startsWith("feature spec " + fx.version()), r.out().lines().findFirst().orElse(""));
        assertEquals(fx.dimension() + 2, r.out().lines().count());
    }

    @Test
    void aMissingFileIsABadArgumentWithExitCode2(@TempDir Path dir) {
        Run r = run("features", dir.resolve("nope.wav").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file or folder"), r.err());
    }

    @Test
    void aBrokenWavFileIsARuntimeErrorWithExitCode1AndItsName(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "RIFF but not really");
        Run r = run("features", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("bad.wav"), r.err());
    }
}

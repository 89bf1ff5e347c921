package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify} on a folder where some files are broken: the rest is classified, each broken one named. */
class ClassifyBrokenFilesTest {

    private static byte[] wav(float[] samples, int rate) {
        return WavFile.toBytes(new PcmAudio(samples, rate));
    }

    /** A mono 32-bit float WAV of the given samples, NaN and infinities kept. */
    private static byte[] floatWav(float[] samples, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * samples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 3).putShort((short) 1).putInt(rate).putInt(rate * 4)
                .putShort((short) 4).putShort((short) 32).put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(4 * samples.length);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    @Test
    void everyValidFileIsClassifiedAndEveryBrokenOneIsNamedWithItsReasonThenExitOne(@TempDir Path dir)
            throws Exception {
        float[] voice = ClassifyCommandTest.voiced(150, 1.0, 16000);
        Files.write(dir.resolve("a-good.wav"), wav(voice, 16000));
        Files.write(dir.resolve("b-empty.wav"), new byte[0]);
        Files.write(dir.resolve("c-not-riff.wav"), "this is no audio".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("d-header-only.wav"), Arrays.copyOf(wav(voice, 16000), 30));
        float[] withNan = voice.clone();
        withNan[8000] = Float.NaN;
        Files.write(dir.resolve("e-nan.wav"), floatWav(withNan, 16000));
        float[] withInfinity = voice.clone();
        withInfinity[4000] = Float.POSITIVE_INFINITY;
        Files.write(dir.resolve("f-infinite.wav"), floatWav(withInfinity, 16000));
        Files.write(dir.resolve("g-rate-2000.wav"), wav(ClassifyCommandTest.voiced(150, 1.0, 2000), 2000));
        Files.write(dir.resolve("h-no-samples.wav"), wav(new float[0], 16000));
        Files.write(dir.resolve("i-good-8k.wav"), wav(ClassifyCommandTest.voiced(200, 0.8, 8000), 8000));

        FeaturesCommandTest.Run r = FeaturesCommandTest.run("classify", dir.toString());

        assertEquals(1, r.exit(), r.err());
        ObjectMapper json = new ObjectMapper();
        Set<String> classified = r.out().lines().map(l -> {
            try {
                return Path.of(json.readTree(l).get("file").asText()).getFileName().toString();
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).collect(Collectors.toSet());
        assertEquals(Set.of("a-good.wav", "i-good-8k.wav"), classified, r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(8, errors.size(), r.err());
        assertLine(errors, "b-empty.wav", "truncated");
        assertLine(errors, "c-not-riff.wav", "not a RIFF/WAVE file");
        assertLine(errors, "d-header-only.wav", "fmt chunk");
        assertLine(errors, "e-nan.wav", "sample 8000 (at 0.500 s) is NaN");
        assertLine(errors, "f-infinite.wav", "sample 4000 (at 0.250 s) is Infinity");
        assertLine(errors, "g-rate-2000.wav", "2000 Hz");
        assertLine(errors, "h-no-samples.wav", "empty");
        assertTrue(errors.get(7).contains("7 of 9 files could not be classified"), r.err());
    }

    @Test
    void aTruncatedFileIsClassifiedFromWhatIsThereWithAWarningThatSaysHowMuchIsMissing(@TempDir Path dir)
            throws Exception {
        byte[] whole = wav(ClassifyCommandTest.voiced(150, 1.0, 16000), 16000);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 8000));

        FeaturesCommandTest.Run r = FeaturesCommandTest.run("classify", cut.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals(750, new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow()).get("durationMs").asLong());
        assertTrue(r.err().contains("warning: " + cut + ": the file is truncated: its data chunk claims 32000 bytes, "
                + "8000 bytes (0.250 s) are missing; read the 0.750 s that are there"), r.err());
    }

    private static void assertLine(List<String> errors, String file, String reason) {
        assertTrue(errors.stream().anyMatch(l -> l.contains(file) && l.contains(reason)),
                "no error line naming " + file + " with \"" + reason + "\" in " + errors);
    }
}

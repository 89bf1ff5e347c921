package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file of the shared EmoDB copy extracts to a finite vector (skipped without the data). */
class EmoDbExtractionTest {

    static Path emoDbWavFolder() {
        String configured = System.getProperty("stimmung.emodb", "../shared/emodb");
        Path wav = Path.of(configured).resolve("wav");
        assumeTrue(Files.isDirectory(wav), "EmoDB not found at " + wav.toAbsolutePath()
                + " (set -Dstimmung.emodb=DIR or place it at ../shared/emodb): skipping the EmoDB test");
        return wav;
    }

    @Test
    void everyEmoDbFileExtractsWithoutNaNOrInfinity() throws IOException {
        Path wav = emoDbWavFolder();
        List<Path> files;
        try (Stream<Path> s = Files.list(wav)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertTrue(files.size() >= 400, "expected the 418 files of the shared copy, found " + files.size());
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        UtteranceExtraction session = null;
        for (Path f : files) {
            PcmAudio audio = WavFile.read(f);
            if (session == null) {
                session = fx.start(audio.sampleRateHz());
            } else {
                session.reset(audio.sampleRateHz());
            }
            session.accept(audio.samples());
            float[] v = session.finish();
            assertEquals(fx.dimension(), v.length);
            for (int i = 0; i < v.length; i++) {
                assertTrue(Float.isFinite(v[i]), f.getFileName() + ": " + fx.featureNames().get(i) + " = " + v[i]);
            }
            float voiced = v[fx.featureNames().indexOf("voicedFraction")];
            assertTrue(voiced > 0.1, f.getFileName() + " is speech, yet only " + voiced + " of its active frames are voiced");
        }
    }
}

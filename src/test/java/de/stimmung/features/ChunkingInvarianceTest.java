package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Feeding the same audio in any chunking gives a bit-identical feature vector. */
class ChunkingInvarianceTest {

    private static final FeatureExtractor FX = FeatureExtractor.withDefaults();

    static Stream<Arguments> chunkings() {
        return Stream.of(8000, 16000, 22050, 44100).flatMap(rate -> Stream.of(1, 7, 160, 441, 3 * rate)
                .map(chunk -> Arguments.of(rate, chunk)));
    }

    @ParameterizedTest(name = "{0} Hz in chunks of {1}")
    @MethodSource("chunkings")
    void chunkedFeedingGivesTheSameVectorAsOnePiece(int rate, int chunk) {
        float[] audio = Signals.speechLike(3.7, rate, rate);
        float[] whole = FX.extract(audio, rate);
        UtteranceExtraction u = FX.start(rate);
        for (int off = 0; off < audio.length; off += chunk) {
            u.accept(audio, off, Math.min(chunk, audio.length - off));
        }
        assertArrayEquals(whole, u.finish(), "chunks of " + chunk + " samples at " + rate + " Hz");
    }

    @ParameterizedTest(name = "random chunks, seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void randomChunkSizesGiveTheSameVector(long seed) {
        float[] audio = Signals.speechLike(2.3, 16000, seed);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        UtteranceExtraction u = FX.start(16000);
        for (int off = 0; off < audio.length; ) {
            int n = Math.min(1 + r.nextInt(700), audio.length - off);
            u.accept(audio, off, n);
            off += n;
        }
        assertArrayEquals(FX.extract(audio, 16000), u.finish());
    }
}

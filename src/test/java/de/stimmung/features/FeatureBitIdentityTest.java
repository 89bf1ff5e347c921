package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the exact bits of the feature vectors the shipped model was trained on (FeatureSpec
 * revision 2): speed work on the extractor must not change a single bit. The vectors of fixed
 * synthetic signals, and of every EmoDB file (at its own rate and re-labelled as 16 kHz, whole
 * and in odd chunks), are hashed over their float bit patterns and compared with the hashes of
 * the reference build. Each run also dumps the vectors to {@code target/feature-vectors-*.bin};
 * if a {@code target/feature-vectors-*.reference.bin} lies beside it, the first differing
 * features are named.
 */
class FeatureBitIdentityTest {

    /** SHA-256 (first 16 hex digits) of the synthetic vectors from the revision-2 reference build. */
    private static final String SYNTHETIC = "883590c9764c919f";
    /** Same for the EmoDB vectors, and the hash of the EmoDB audio they were computed from. */
    private static final String EMODB = "941c84ee76daab5e";
    private static final String EMODB_AUDIO = "a12beac490b022bf";

    private final FeatureExtractor fx = FeatureExtractor.withDefaults();

    @Test
    void syntheticVectorsAreBitIdenticalToTheReference() throws IOException {
        List<float[]> vectors = new ArrayList<>();
        for (int rate : new int[] {16000, 8000, 22050, 44100}) {
            float[] speech = Signals.speechLike(3.3, rate, 7);
            vectors.add(fx.extract(speech, rate));
            vectors.add(chunked(speech, rate, 777));
            vectors.add(fx.extract(Signals.whiteNoise(0.1, 1.0, rate, 3), rate));
            vectors.add(fx.extract(Signals.harmonicComplex(190, 8, 0.3, 1.2, rate), rate));
        }
        vectors.add(fx.extract(Signals.sine(440, 0.5, 0.5, 16000), 16000));
        vectors.add(fx.extract(Signals.scale(Signals.speechLike(2.0, 16000, 11), 1e-3), 16000));
        vectors.add(fx.extract(Signals.add(Signals.harmonicComplex(100, 12, 0.2, 1.0, 16000), 0.1), 16000));
        vectors.add(fx.extract(new float[16000], 16000));
        vectors.add(fx.extract(new float[100], 16000));
        vectors.add(fx.extract(Signals.speechLike(0.013, 16000, 5), 16000));
        vectors.add(fx.extract(Signals.speechLike(0.4, 16000, 9), 16000));
        check("synthetic", vectors, SYNTHETIC);
    }

    @Test
    void emoDbVectorsAreBitIdenticalToTheReference() throws IOException {
        Path wav = EmoDbExtractionTest.emoDbWavFolder();
        List<Path> files;
        try (Stream<Path> s = Files.list(wav)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        MessageDigest audioHash = sha256();
        List<float[]> vectors = new ArrayList<>();
        for (Path f : files) {
            PcmAudio audio = WavFile.read(f);
            float[] x = audio.samples();
            for (float v : x) {
                int b = Float.floatToRawIntBits(v);
                audioHash.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            }
            vectors.add(fx.extract(x, audio.sampleRateHz()));
            vectors.add(fx.extract(x, 16000));
            vectors.add(chunked(x, 16000, 1013));
        }
        String audio = hex(audioHash.digest());
        System.out.println("EmoDB audio hash " + audio + " (" + files.size() + " files)");
        assumeTrue(EMODB_AUDIO.equals(audio),
                "the EmoDB copy differs from the reference one (audio hash " + audio + "): skipping");
        check("emodb", vectors, EMODB);
    }

    private float[] chunked(float[] x, int rate, int chunk) {
        UtteranceExtraction u = fx.start(rate);
        for (int off = 0; off < x.length; off += chunk) {
            u.accept(x, off, Math.min(chunk, x.length - off));
        }
        return u.finish();
    }

    private void check(String name, List<float[]> vectors, String expected) throws IOException {
        MessageDigest md = sha256();
        for (float[] v : vectors) {
            for (float x : v) {
                int b = Float.floatToRawIntBits(x);
                md.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            }
        }
        String hash = hex(md.digest());
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Path dump = dir.resolve("feature-vectors-" + name + ".bin");
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dump)))) {
            out.writeInt(vectors.size());
            for (float[] v : vectors) {
                out.writeInt(v.length);
                for (float x : v) {
                    out.writeInt(Float.floatToRawIntBits(x));
                }
            }
        }
        System.out.println(name + " vectors: " + vectors.size() + ", hash " + hash + ", dumped to " + dump);
        Path reference = dir.resolve("feature-vectors-" + name + ".reference.bin");
        if (Files.exists(reference)) {
            report(name, vectors, reference);
        }
        assertEquals(expected, hash, name + " feature vectors changed bits (see the report above)");
    }

    private void report(String name, List<float[]> vectors, Path reference) throws IOException {
        List<String> names = fx.featureNames();
        int differing = 0;
        try (InputStream raw = Files.newInputStream(reference);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            int count = in.readInt();
            for (int i = 0; i < Math.min(count, vectors.size()); i++) {
                int len = in.readInt();
                float[] v = vectors.get(i);
                for (int j = 0; j < len; j++) {
                    int ref = in.readInt();
                    if (j < v.length && ref != Float.floatToRawIntBits(v[j]) && differing++ < 20) {
                        System.out.println(name + " vector " + i + " " + names.get(j) + ": reference "
                                + Float.intBitsToFloat(ref) + ", now " + v[j]);
                    }
                }
            }
        }
        System.out.println(name + ": " + differing + " values differ from " + reference);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}

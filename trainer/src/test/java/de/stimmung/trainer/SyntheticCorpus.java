package de.stimmung.trainer;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.model.Emotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A tiny EmoDB-shaped corpus of synthesised audio: each emotion has its own pitch, pitch
 * movement, loudness and breathiness, each speaker its own voice range, so the classes are
 * learnable and speaker-dependent like real speech. Files use EmoDB names ({@code 03a01Wa.wav}).
 */
final class SyntheticCorpus {

    private SyntheticCorpus() {
    }

    static Path write(Path root, String[] speakers, int takes, int rateHz) throws IOException {
        Path wav = Files.createDirectories(root.resolve("wav"));
        for (String s : speakers) {
            double speakerPitch = 100 + 15 * Integer.parseInt(s) % 90;
            for (Emotion e : Emotion.values()) {
                for (int t = 0; t < takes; t++) {
                    SplittableRandom r = new SplittableRandom((s + e + t).hashCode());
                    float[] x = utterance(speakerPitch, e.ordinal(), 0.8 + 0.1 * t, rateHz, r);
                    String name = s + "a0" + (1 + t) + e.emoDbCode() + (char) ('a' + t) + ".wav";
                    WavFile.write(new PcmAudio(x, rateHz), wav.resolve(name));
                }
            }
        }
        return root;
    }

    private static float[] utterance(double basePitch, int emotion, double seconds, int rate, SplittableRandom r) {
        float[] x = new float[(int) (seconds * rate)];
        double pitch = basePitch * (0.8 + 0.12 * emotion);
        double glide = (emotion % 3 - 1) * 0.4;
        double loud = 0.1 + 0.05 * (emotion % 4);
        double breath = 0.01 * (emotion % 2 == 0 ? 1 : 4);
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double f = pitch * (1 + glide * t / seconds) * (1 + 0.02 * Math.sin(2 * Math.PI * (3 + emotion) * t));
            phase += 2 * Math.PI * f / rate;
            double env = Math.max(0, Math.sin(Math.PI * t / seconds));
            x[i] = (float) (loud * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase))
                    + breath * (2 * r.nextDouble() - 1));
        }
        return x;
    }
}

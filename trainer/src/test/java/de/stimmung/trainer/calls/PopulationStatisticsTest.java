package de.stimmung.trainer.calls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.model.CallNormalizer;
import de.stimmung.trainer.dataset.FeatureTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopulationStatisticsTest {

    /**
     * Two speakers, two emotions, two features. Feature 0 = speaker offset (+-10) plus a small
     * emotion effect (+-1); feature 1 = emotion effect (+-5) plus a small speaker offset (+-1).
     */
    static FeatureTable table() {
        float[][] f = new float[8][];
        int[] labels = new int[8];
        String[] speakers = new String[8];
        String[] ids = new String[8];
        int i = 0;
        for (int s = 0; s < 2; s++) {
            for (int e = 0; e < 2; e++) {
                for (int rep = 0; rep < 2; rep++) {
                    double speaker = s == 0 ? -1 : 1;
                    double emotion = e == 0 ? -1 : 1;
                    double noise = rep == 0 ? -0.1 : 0.1;
                    f[i] = new float[] {(float) (10 * speaker + emotion + noise), (float) (5 * emotion + speaker + noise)};
                    labels[i] = e;
                    speakers[i] = "s" + s;
                    ids[i] = "r" + i;
                    i++;
                }
            }
        }
        return new FeatureTable(f, labels, speakers, ids, 2);
    }

    @Test
    void theSpreadIsWithinSpeakersNotBetweenThem() {
        CallNormalizer n = PopulationStatistics.fit(table(), List.of(), 3);
        // within a speaker, feature 0 varies by the emotion (+-1) and noise (+-0.1): sd sqrt((1.1^2+0.9^2)/2 ...)
        CallNormalizer.State state = n.start();
        // a call of speaker s1, neutral-ish rows only: the remap must take away its +10 offset
        FeatureTable t = table();
        for (int i = 4; i < 8; i++) {
            n.update(state, t.features()[i]);
        }
        float[] y = n.withPrior(1e-9).apply(state, new float[] {10f, 1f});
        assertEquals(0.0, y[0], 1e-3, "speaker offset removed from feature 0");
        // within-group sample sd over 3 dof per speaker: ss = 4 * (1^2 + 0.1^2) ... compare with the direct figure
        double ss = 0;
        for (int i = 0; i < 8; i++) {
            double mean = i < 4 ? -10 : 10;
            ss += Math.pow(t.features()[i][0] - mean, 2);
        }
        double expected = Math.sqrt(ss / 6);
        float[] spreadProbe = n.withPrior(1e9).apply(state, new float[] {(float) expected, 0f});
        assertEquals(expected, spreadProbe[0], 1e-3, "with a huge prior the remap is the identity");
    }

    @Test
    void copiesAreGroupsOfTheirOwn() {
        FeatureTable t = table();
        // every row has one copy, shifted by +100 in feature 0 (a line that colours the voice)
        Map<String, List<float[]>> copies = new java.util.HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            copies.put(t.ids()[i], List.of(new float[] {t.features()[i][0] + 100, t.features()[i][1]}));
        }
        CallNormalizer plain = PopulationStatistics.fit(t, List.of(), 1);
        CallNormalizer withCopies = PopulationStatistics.fit(t, List.of(copies), 1);
        // the shift is between groups, so the within-group spread is the same; the mean moves by 50
        float[] x = {3f, 2f};
        CallNormalizer.State a = plain.start();
        CallNormalizer.State b = withCopies.start();
        plain.update(a, new float[] {1f, 1f});
        withCopies.update(b, new float[] {1f, 1f});
        plain.update(a, new float[] {2f, 3f});
        withCopies.update(b, new float[] {2f, 3f});
        float[] ya = plain.withPrior(1e-9).apply(a, x);
        float[] yb = withCopies.withPrior(1e-9).apply(b, x);
        assertEquals(ya[0] + 50, yb[0], 1e-3);
        assertEquals(ya[1], yb[1], 1e-3);
    }

    @Test
    void speakerDominanceKeepsOnlyFeaturesWhereVoicesDifferMoreThanEmotions() {
        CallNormalizer all = PopulationStatistics.fit(table(), List.of(), 2);
        CallNormalizer voice = PopulationStatistics.fit(table(), List.of(), 2, 1.0);
        assertEquals(2, all.normalisedFeatures());
        assertEquals(1, voice.normalisedFeatures());
        CallNormalizer.State s = voice.start();
        voice.update(s, new float[] {10f, 6f});
        voice.update(s, new float[] {11f, 4f});
        float[] y = voice.apply(s, new float[] {12f, 7f});
        assertEquals(7f, y[1], "the emotion feature passes unchanged");
        assertArrayEquals(new float[] {12f, 7f}, voice.apply(voice.start(), new float[] {12f, 7f}));
    }

    @Test
    void theChannelGatesFeaturesAreNeverRemappedSoAPerChannelModelStillRoutesByRawValues() {
        int d = de.stimmung.features.FeatureSpec.defaults().dimension();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int n = 12;
        float[][] f = new float[n][d];
        int[] labels = new int[n];
        String[] speakers = new String[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i][j] = (float) (i % 3 + r.nextGaussian());
            }
            labels[i] = i % 2;
            speakers[i] = "s" + (i % 3);
            ids[i] = "row" + i;
        }
        CallNormalizer normalizer = PopulationStatistics.fit(new FeatureTable(f, labels, speakers, ids, 2), List.of(), 5);
        int[] gate = de.stimmung.trainer.learners.ChannelGate.features(d);
        assertEquals(2, gate.length);
        assertEquals(d - 2, normalizer.normalisedFeatures());
        CallNormalizer.State history = normalizer.start();
        normalizer.update(history, f[0]);
        normalizer.update(history, f[1]);
        float[] remapped = normalizer.apply(history, f[2]);
        for (int j : gate) {
            assertEquals(f[2][j], remapped[j], "feature " + j + " of the channel gate");
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(f[2][0], remapped[0], "the others are remapped");
    }
}

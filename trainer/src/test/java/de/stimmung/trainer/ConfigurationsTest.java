package de.stimmung.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.ChannelRoutedLearner;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.SeedEnsembleLearner;
import de.stimmung.trainer.learners.SeparableBlobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationsTest {

    /** One speed copy and one "telephone" copy (the row shifted) per row. */
    private static Configurations configurations(FeatureTable t) {
        Map<String, List<float[]>> speed = new LinkedHashMap<>();
        Map<String, List<float[]>> telephone = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            float[] x = t.features()[i];
            float[] faster = x.clone();
            float[] line = x.clone();
            for (int j = 0; j < x.length; j++) {
                faster[j] *= 1.05f;
                line[j] -= 3f;
            }
            speed.put(t.ids()[i], List.of(faster));
            telephone.put(t.ids()[i], List.of(line));
        }
        return new Configurations(speed, telephone);
    }

    @Test
    void aDefaultRunLeavesOutTheAnsweredAblationsButKeepsTheCandidates() {
        Configurations c = configurations(SeparableBlobs.table(40, 8, 7, 3));
        List<String> defaults = c.select(List.of()).stream().map(Learner::name).toList();
        for (String ablation : Configurations.ANSWERED_ABLATIONS) {
            assertFalse(defaults.contains(ablation), ablation);
            assertEquals(ablation, c.select(List.of(ablation)).get(0).name(), "still runs when named");
        }
        assertTrue(defaults.containsAll(ModelSelection.CANDIDATES), defaults.toString());
        assertTrue(defaults.contains(Configurations.ROUTED_TELEPHONE) && defaults.contains(Configurations.STUDIO));
    }

    @Test
    void theEnsemblesFirstMemberAndTheRoutedTelephoneBranchAreTheSingleNetworksFit() {
        FeatureTable t = SeparableBlobs.table(60, 320, 7, 4); // wide enough for the channel gate's features
        Configurations c = configurations(t);
        var single = c.byName(Configurations.ROUTED_TELEPHONE).fit(t, 5);
        var ensemble = (SeedEnsembleLearner.Ensemble) c.byName(Configurations.ENSEMBLE).fit(t, 5);
        var routed = (ChannelRoutedLearner.Routed) c.byName(Configurations.ROUTED).fit(t, 5);
        assertEquals(3, ensemble.members().size());
        assertSame(single, ensemble.members().get(0), "the member of the run's seed is trained once");
        assertSame(single, routed.narrowband(), "the routed model's telephone branch is trained once");
        assertFalse(java.util.Arrays.equals(ensemble.members().get(0).network().output().weight(),
                ensemble.members().get(1).network().output().weight()), "members have their own seeds");
        var large = (SeedEnsembleLearner.Ensemble) c.byName("netBnDr200x5AugTel").fit(t, 5);
        assertEquals(5, large.members().size());
        for (int m = 0; m < 3; m++) {
            assertSame(ensemble.members().get(m), large.members().get(m), "the larger ensemble reuses member " + m);
        }
    }
}

package de.stimmung.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When each simulated call sends its chunks: spread over the chunk period, or all at once. */
class LoadProfileTest {

    @Test
    void spreadPhasesSendEveryCallOncePerPeriodInItsOwnSlot() {
        LoadProfile p = LoadProfile.telephony();
        assertEquals(LoadProfile.Phases.SPREAD, p.phases(), "independent calls by default");
        int calls = 237;
        int[] sends = new int[calls];
        int[] perSlot = new int[p.slots()];
        for (int slot = 0; slot < p.slots(); slot++) {
            for (int n = 0; n < calls; n++) {
                if (p.sendsInSlot(n, slot)) {
                    sends[n]++;
                    perSlot[slot]++;
                    assertEquals(p.chunkMs() * slot / (double) p.slots(), p.phaseOffsetMs(n), 1e-9,
                            "call " + n + "'s chunks are stamped at its slot's offset");
                }
            }
        }
        for (int n = 0; n < calls; n++) {
            assertEquals(1, sends[n], "call " + n + " sends once per chunk period");
        }
        Set<Integer> sizes = new HashSet<>();
        for (int c : perSlot) {
            sizes.add(c);
        }
        assertTrue(sizes.stream().allMatch(c -> c == calls / p.slots() || c == calls / p.slots() + 1),
                "the calls are spread evenly over the slots: " + java.util.Arrays.toString(perSlot));
    }

    @Test
    void alignedPhasesSendEveryCallAtTheSameInstant() {
        LoadProfile p = LoadProfile.pcm(16000).withPhases(LoadProfile.Phases.ALIGNED);
        assertEquals(1, p.slots());
        for (int n = 0; n < 50; n++) {
            assertTrue(p.sendsInSlot(n, 0));
            assertEquals(0.0, p.phaseOffsetMs(n));
        }
        assertTrue(p.toString().contains("aligned phases"), p.toString());
    }

    @Test
    void aProfileNeedsItsPhases() {
        assertThrows(IllegalArgumentException.class,
                () -> new LoadProfile(16000, de.stimmung.avro.AudioEncoding.PCM_S16LE, 100, 2000, null));
    }
}

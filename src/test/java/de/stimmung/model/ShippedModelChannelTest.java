package de.stimmung.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.TelephoneChannel;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped model's channel decision on real speech: every EmoDB recording clean, through the
 * two evaluation lines (8 kHz, 300-3400 Hz, G.711 mu-law and A-law) and through a random line
 * (level, noise, packet loss). A telephone recording scored by the studio network would be scored
 * by a model that never heard a telephone line (macro F1 about 0.12 there), so no telephone copy
 * may reach it; a wideband recording sent to the telephone network is only scored less well, and
 * only a few may be. With call adaptation on, the call's earlier utterances remap the features but
 * never the gate's two, so no utterance changes network.
 */
class ShippedModelChannelTest {

    private static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    /** At most this share of the clean recordings may go to the telephone network. */
    private static final double MAX_CLEAN_TO_TELEPHONE = 0.05;

    @Test
    void telephoneCopiesAreScoredByTheTelephoneNetworkAndCleanRecordingsMostlyByTheWidebandOne() throws IOException {
        Path wav = Path.of(System.getProperty("stimmung.emodb", "../shared/emodb")).resolve("wav");
        assumeTrue(Files.isDirectory(wav), "EmoDB not found at " + wav.toAbsolutePath()
                + " (set -Dstimmung.emodb=DIR or place it at ../shared/emodb): skipping the EmoDB test");
        List<Path> files;
        try (Stream<Path> s = Files.list(wav)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertTrue(files.size() >= 400, "expected the 418 files of the shared copy, found " + files.size());
        try (EmotionScorer scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension())) {
            assumeTrue(scorer.perChannel(), "the shipped model has one network for every input: nothing to route");
            List<String> cleanToTelephone = new ArrayList<>();
            List<String> telephoneToWideband = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(20261201L);
            // with call adaptation on, a call's earlier utterances remap the features: never the gate's
            CallNormalizer normalizer = scorer.callNormalizer().orElseThrow();
            CallNormalizer.State wideCall = normalizer.start();
            CallNormalizer.State telephoneCall = normalizer.start();
            List<String> adaptedChanged = new ArrayList<>();
            for (Path f : files) {
                PcmAudio audio = WavFile.read(f);
                float[] clean = FX.extract(audio.samples(), audio.sampleRateHz());
                String cleanNetwork = scorer.scoreDetailed(clean).network();
                if (!ModelContract.WIDEBAND_NETWORK.equals(cleanNetwork)) {
                    cleanToTelephone.add(f.getFileName().toString());
                }
                TelephoneChannel muLaw = TelephoneChannel.clean(TelephoneChannel.Law.MU_LAW);
                for (TelephoneChannel line : List.of(muLaw, TelephoneChannel.clean(TelephoneChannel.Law.A_LAW),
                        TelephoneChannel.random(random))) {
                    PcmAudio copy = line.apply(audio.samples(), audio.sampleRateHz());
                    float[] x = FX.extract(copy.samples(), copy.sampleRateHz());
                    if (!ModelContract.TELEPHONE_NETWORK.equals(scorer.scoreDetailed(x).network())) {
                        telephoneToWideband.add(f.getFileName() + " " + line.describe());
                    }
                    if (line == muLaw) {
                        if (!ModelContract.TELEPHONE_NETWORK.equals(
                                scorer.scoreDetailed(normalizer.apply(telephoneCall, x)).network())) {
                            adaptedChanged.add(f.getFileName() + " mu-law, adapted");
                        }
                        normalizer.update(telephoneCall, x);
                    }
                }
                if (!cleanNetwork.equals(scorer.scoreDetailed(normalizer.apply(wideCall, clean)).network())) {
                    adaptedChanged.add(f.getFileName() + " clean, adapted");
                }
                normalizer.update(wideCall, clean);
            }
            assertEquals(List.of(), adaptedChanged, "call adaptation moved utterances to the other network");
            System.out.printf(Locale.ROOT, "EmoDB: %d of %d clean recordings to the telephone network %s; %d of %d"
                    + " telephone copies to the wideband network%n", cleanToTelephone.size(), files.size(),
                    cleanToTelephone, telephoneToWideband.size(), 3 * files.size());
            assertEquals(List.of(), telephoneToWideband, "telephone copies scored by the studio network");
            assertTrue(cleanToTelephone.size() <= MAX_CLEAN_TO_TELEPHONE * files.size(),
                    cleanToTelephone.size() + " clean recordings went to the telephone network: " + cleanToTelephone);
        }
    }

}

package de.stimmung.trainer;

import de.stimmung.audio.TelephoneChannel;
import de.stimmung.trainer.dataset.AudioVariant;
import de.stimmung.trainer.dataset.CorpusFeatures;
import de.stimmung.trainer.dataset.EmoDbCorpus;
import de.stimmung.trainer.dataset.FeatureTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature vectors a run works on: the recordings as they are, their copies through the two
 * evaluation telephone lines (mu-law, A-law; for testing held-out speakers), and the training
 * copies (speed-perturbed, random telephone lines; only ever used for a fold's training speakers).
 *
 * @param base            the recordings as they are (with the data fingerprint)
 * @param channels        per evaluation channel name, the same rows heard through that line
 * @param speedCopies     per row id, its speed-perturbed copies, one per speed factor
 * @param telephoneCopies per row id, its random-telephone-line copies, copy c at index c
 */
public record TrainingData(CorpusFeatures.Result base, Map<String, FeatureTable> channels,
                           Map<String, List<float[]>> speedCopies, Map<String, List<float[]>> telephoneCopies) {

    public FeatureTable table() {
        return base.table();
    }

    /** Extracts (or loads from the cache) every variant a run needs, with progress and a log line each. */
    static TrainingData extract(CorpusFeatures extraction, EmoDbCorpus corpus, double[] speedFactors,
            int telephoneCopies, long seed, PrintStream log, ProgressReporter progress) {
        CorpusFeatures.Result base = extract(extraction, corpus, AudioVariant.original(), log, progress);
        Map<String, FeatureTable> channels = new LinkedHashMap<>();
        for (TelephoneChannel.Law law : TelephoneChannel.Law.values()) {
            AudioVariant v = AudioVariant.telephone(law);
            channels.put(v.label(), extract(extraction, corpus, v, log, progress).table());
        }
        Map<String, List<float[]>> speed = new HashMap<>();
        for (double factor : speedFactors) {
            addCopies(speed, extract(extraction, corpus, AudioVariant.speed(factor), log, progress).table());
        }
        Map<String, List<float[]>> telephone = new HashMap<>();
        for (int c = 0; c < telephoneCopies; c++) {
            // Every other copy also changes speed, so channel and speaker variation meet in training.
            double factor = speedFactors.length == 0 || c % 2 == 0 ? 1.0 : speedFactors[(c / 2) % speedFactors.length];
            addCopies(telephone, extract(extraction, corpus, AudioVariant.randomTelephone(seed, c, factor), log,
                    progress).table());
        }
        return new TrainingData(base, channels, speed, telephone);
    }

    private static void addCopies(Map<String, List<float[]>> copies, FeatureTable t) {
        for (int i = 0; i < t.size(); i++) {
            copies.computeIfAbsent(t.ids()[i], k -> new ArrayList<>()).add(t.features()[i]);
        }
    }

    private static CorpusFeatures.Result extract(CorpusFeatures extraction, EmoDbCorpus corpus, AudioVariant variant,
            PrintStream log, ProgressReporter progress) {
        String task = "features " + variant.label();
        try (ProgressReporter.Task t = progress.start(task, corpus.size())) {
            CorpusFeatures.Result r = extraction.extract(corpus, variant, t::set);
            log.printf("%s: %d vectors of %d features (%d from cache)%n", task, r.table().size(), r.table().dimension(),
                    r.fromCache());
            return r;
        }
    }
}

package de.stimmung.trainer;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@link TrainingRun} needs to know.
 *
 * @param emodb              the EmoDB folder (holding {@code wav/}, or the WAV files themselves)
 * @param modelOut           where the ONNX model is written
 * @param reports            folder of cv-report.json/.md and confusion-matrix.png
 * @param modelCard          the model card (markdown) to write; null to skip
 * @param cache              feature cache folder; null for none
 * @param seed               seed of every random choice
 * @param models             configurations to cross-validate (empty = all)
 * @param speedFactors       speed perturbations used by the augmented configurations
 * @param threads            feature extraction threads (and 2 cross-validation lanes when >= 2)
 * @param speakerAdaptation  also report the speaker-normalised variants (full and causal)
 * @param selectOverride     a configuration to ship instead of the rule's choice; null for the rule
 * @param telephoneCopies    telephone-channel copies per recording for the *Tel configurations (0 = none)
 * @param nested             also estimate the shipped pipeline by nested cross validation
 * @param calibrate          fit a calibration temperature (else the model's probabilities are left as trained)
 * @param callStudy          run the per-call speaker adaptation study and write its normaliser into the model
 */
public record TrainingSettings(Path emodb, Path modelOut, Path reports, Path modelCard, Path cache, long seed,
        List<String> models, double[] speedFactors, int threads, boolean speakerAdaptation, String selectOverride,
        int telephoneCopies, boolean nested, boolean calibrate, boolean callStudy) {

    public TrainingSettings {
        models = List.copyOf(models);
        speedFactors = speedFactors.clone();
        if (telephoneCopies < 0) {
            throw new IllegalArgumentException("telephone copies must be at least 0, got " + telephoneCopies);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }
}

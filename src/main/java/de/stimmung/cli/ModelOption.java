package de.stimmung.cli;

import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import java.nio.file.Path;

/** Loads the model a command was given with {@code --model}, or the one shipped in the jar. */
final class ModelOption {

    private ModelOption() {
    }

    static EmotionScorer load(Path model, FeatureExtractor fx) {
        return model == null ? EmotionScorer.loadBundled(fx.version(), fx.dimension())
                : EmotionScorer.load(model, fx.version(), fx.dimension());
    }
}

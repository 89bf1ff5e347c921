package de.stimmung.trainer.learners;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A fitted Tribuo classification model behind the {@link ProbabilisticClassifier} contract,
 * optionally preceded by the {@link Standardizer} fitted on its training rows. Columns of
 * {@link #predictProba} are in {@link de.stimmung.model.Emotion} order; classes absent from the
 * training rows get probability 0. Exposes the underlying model for export and inspection.
 */
public final class TribuoClassifier implements ProbabilisticClassifier {

    private final Model<Label> model;
    private final Standardizer standardizer;

    /**
     * @param model        a model trained on rows built by {@link TribuoAdapter#toDataset}
     * @param standardizer applied to rows before the model sees them, or {@code null} for none
     */
    public TribuoClassifier(Model<Label> model, Standardizer standardizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.standardizer = standardizer;
    }

    /** The Tribuo model (its input is the standardised rows if {@link #standardizer()} is present). */
    public Model<Label> model() {
        return model;
    }

    /** The standardisation applied before the model, if any. */
    public Optional<Standardizer> standardizer() {
        return Optional.ofNullable(standardizer);
    }

    @Override
    public float[][] predictProba(float[][] features) {
        float[][] rows = standardizer == null ? features : standardizer.apply(features);
        List<Prediction<Label>> predictions = model.predict(TribuoAdapter.toExamples(rows));
        float[][] out = new float[predictions.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = TribuoAdapter.toProbabilities(predictions.get(i));
        }
        return out;
    }
}

package de.stimmung.trainer.report;

import de.stimmung.model.Emotion;
import de.stimmung.trainer.cv.CrossValidationResult;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a cross-validation report says: the models compared (all run on the same table with the
 * same protocol), the one selected for shipping, and optional extra figures. Labels name the
 * classes in index order. Immutable; {@link CvReportWriter} turns it into files.
 *
 * @param labels   class names in index order, e.g. {@link Emotion#labels()}
 * @param models   cross-validation results, in the order the report lists them
 * @param selected the {@link CrossValidationResult#modelName()} of the selected model
 * @param extra    additional figures written under the JSON key {@code "extra"} (any value Jackson
 *                 can serialise: maps, lists, numbers, strings, records); may be empty
 */
public record CvReport(List<String> labels, List<CrossValidationResult> models, String selected,
                       Map<String, Object> extra, Map<String, Map<String, CrossValidationResult>> byChannel,
                       PipelineEvaluation pipeline) {

    /** A report without channel figures and without a nested evaluation. */
    public CvReport(List<String> labels, List<CrossValidationResult> models, String selected, Map<String, Object> extra) {
        this(labels, models, selected, extra, Map.of(), null);
    }

    /**
     * @param byChannel per model name, its results per evaluation channel (clean first); models
     *                  missing here were evaluated on the clean recordings only
     * @param pipeline  the nested evaluation of the shipped pipeline; null when none was run
     */
    public CvReport {
        labels = List.copyOf(labels);
        models = List.copyOf(models);
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(extra, "extra")));
        byChannel = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byChannel, "byChannel")));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one cross-validated model");
        }
        CrossValidationResult first = models.get(0);
        for (CrossValidationResult m : models) {
            if (!m.protocol().equals(first.protocol()) || !m.heldOutSpeakers().equals(first.heldOutSpeakers())) {
                throw new IllegalArgumentException("model " + m.modelName() + " was run with " + m.protocol() + " over "
                        + m.heldOutSpeakers() + " but " + first.modelName() + " with " + first.protocol() + " over "
                        + first.heldOutSpeakers() + "; compare models on the same folds");
            }
            if (m.numClasses() != labels.size()) {
                throw new IllegalArgumentException("model " + m.modelName() + " has " + m.numClasses()
                        + " classes but the report has " + labels.size() + " labels " + labels);
            }
        }
        List<String> names = models.stream().map(CrossValidationResult::modelName).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("model names must be unique in a report, got " + names);
        }
        if (!names.contains(selected)) {
            throw new IllegalArgumentException("selected model '" + selected + "' is not among the models " + names);
        }
    }

    /**
     * A report over the seven emotions that selects the model with the highest mean macro F1
     * over folds (the first listed wins a tie) and has no extra figures.
     */
    public static CvReport selectingBest(List<CrossValidationResult> models) {
        return new CvReport(Emotion.labels(), models, best(models), Map.of());
    }

    /** The model name with the highest mean macro F1 over folds (the first wins a tie). */
    public static String best(List<CrossValidationResult> models) {
        return models.stream()
                .max(Comparator.comparingDouble((CrossValidationResult m) -> m.macroF1().mean())
                        .thenComparing(m -> -models.indexOf(m)))
                .orElseThrow(() -> new IllegalArgumentException("no models to select from"))
                .modelName();
    }

    /** This report with one more extra figure. */
    public CvReport withExtra(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new CvReport(labels, models, selected, more, byChannel, pipeline);
    }

    /** The selected model's result. */
    public CrossValidationResult selectedModel() {
        return models.stream().filter(m -> m.modelName().equals(selected)).findFirst().orElseThrow();
    }

    /** The protocol shared by all models. */
    public String protocol() {
        return models.get(0).protocol();
    }

    /** The held-out speakers shared by all models, in fold order. */
    public List<String> speakers() {
        return models.get(0).heldOutSpeakers();
    }
}

package de.stimmung.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.trainer.cv.ClassificationMetrics;
import de.stimmung.trainer.cv.CrossValidationResult;
import de.stimmung.trainer.cv.FoldResult;
import de.stimmung.trainer.cv.Summary;
import java.util.Map;

/**
 * Renders a {@link CvReport} as the {@code cv-report.json} tree: keys in a fixed order
 * ({@code protocol, speakers, labels, models, selected, perClass, confusionMatrix, nested, calibration,
 * extra}; each model also has {@code byChannel} when it was evaluated on telephone channels, and
 * {@code nested}/{@code calibration} appear when the shipped pipeline had a nested evaluation), every
 * real number rounded to 4 decimals (half up). {@code perClass} and {@code confusionMatrix} pool
 * all held-out predictions of the selected model. {@code extra} always holds per-model pooled
 * macro F1, per-fold macro F1 by speaker and the speaker adaptation, then the report's own extras
 * (their map keys sorted, their real numbers rounded too, so the file is deterministic).
 * Stateless and thread-safe.
 */
public final class CvReportJson {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The JSON tree of a report. */
    public ObjectNode toTree(CvReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("protocol", report.protocol());
        report.speakers().forEach(root.putArray("speakers")::add);
        report.labels().forEach(root.putArray("labels")::add);
        ArrayNode models = root.putArray("models");
        for (CrossValidationResult m : report.models()) {
            ObjectNode node = models.addObject();
            node.put("name", m.modelName());
            summary(node.putObject("macroF1"), m.macroF1());
            summary(node.putObject("precision"), m.macroPrecision());
            summary(node.putObject("recall"), m.macroRecall());
            summary(node.putObject("accuracy"), m.accuracy());
            Map<String, CrossValidationResult> channels = report.byChannel().get(m.modelName());
            if (channels != null) {
                ObjectNode by = node.putObject("byChannel");
                channels.forEach((ch, r) -> {
                    ObjectNode c = by.putObject(ch);
                    summary(c.putObject("macroF1"), r.macroF1());
                    c.put("pooledMacroF1", round4(r.pooled().macroF1()));
                });
            }
        }
        root.put("selected", report.selected());

        ClassificationMetrics pooled = report.selectedModel().pooled();
        ObjectNode perClass = root.putObject("perClass");
        for (int c = 0; c < report.labels().size(); c++) {
            ObjectNode node = perClass.putObject(report.labels().get(c));
            node.put("precision", round4(pooled.precision()[c]));
            node.put("recall", round4(pooled.recall()[c]));
            node.put("f1", round4(pooled.f1()[c]));
        }
        ObjectNode confusion = root.putObject("confusionMatrix");
        report.labels().forEach(confusion.putArray("labels")::add);
        ArrayNode counts = confusion.putArray("counts");
        for (int[] row : pooled.confusion()) {
            ArrayNode r = counts.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        if (report.pipeline() != null) {
            root.set("nested", nested(report));
            root.set("calibration", calibration(report.pipeline()));
        }
        root.set("extra", extra(report));
        return root;
    }

    private ObjectNode nested(CvReport report) {
        PipelineEvaluation p = report.pipeline();
        ObjectNode n = mapper.createObjectNode();
        n.put("protocol", "nested " + report.protocol() + ": per outer fold, the configuration and the calibration"
                + " temperature are chosen on inner leave-one-speaker-out folds of the training speakers only");
        summary(n.putObject("macroF1"), p.macroF1().get(de.stimmung.trainer.cv.CrossValidation.CLEAN));
        ObjectNode by = n.putObject("byChannel");
        p.calibrated().forEach((ch, r) -> {
            ObjectNode c = by.putObject(ch);
            summary(c.putObject("macroF1"), r.macroF1());
            summary(c.putObject("accuracy"), r.accuracy());
            c.put("pooledMacroF1", round4(r.pooled().macroF1()));
            ObjectNode perClass = c.putObject("perClassF1");
            for (int k = 0; k < report.labels().size(); k++) {
                perClass.put(report.labels().get(k), round4(r.pooled().f1()[k]));
            }
        });
        ObjectNode gender = n.putObject("byGender");
        Map<String, PipelineEvaluation.GenderGap> gaps = p.genderGaps();
        p.byGender().forEach((ch, byG) -> {
            ObjectNode c = gender.putObject(ch);
            byG.forEach((g, sm) -> summary(c.putObject(g), sm));
            PipelineEvaluation.GenderGap gap = gaps.get(ch);
            if (gap != null) {
                c.put("gap", round4(gap.gap()));
                c.put("gapStandardError", round4(gap.standardError()));
            }
        });
        p.chosen().forEach(n.putArray("chosen")::add);
        var temperatures = n.putArray("temperatures");
        p.temperatures().forEach(t -> {
            var fold = temperatures.addArray();
            t.forEach(v -> fold.add(round4(v)));
        });
        return n;
    }

    private ObjectNode calibration(PipelineEvaluation p) {
        ObjectNode c = mapper.createObjectNode();
        c.put("method", "temperature scaling inside the ONNX graph, one temperature per network");
        c.put("bins", de.stimmung.trainer.cv.CalibrationMetrics.BINS);
        p.shippedTemperatures().forEach(t -> c.withArray("shippedTemperatures").add(round4(t)));
        beforeAfter(c, p.pooledBefore(), p.pooledAfter());
        ObjectNode by = c.putObject("byChannel");
        p.before().forEach((ch, b) -> beforeAfter(by.putObject(ch), b, p.after().get(ch)));
        return c;
    }

    private static void beforeAfter(ObjectNode node, de.stimmung.trainer.cv.CalibrationMetrics before,
            de.stimmung.trainer.cv.CalibrationMetrics after) {
        ObjectNode ece = node.putObject("ece");
        ece.put("before", round4(before.ece()));
        ece.put("after", round4(after.ece()));
        // what an exactly calibrated model with the calibrated confidences would show on these rows
        ece.put("samplingFloor", round4(after.eceFloor()));
        ece.put("samplingFloorP95", round4(after.eceFloorP95()));
        ObjectNode brier = node.putObject("brier");
        brier.put("before", round4(before.brier()));
        brier.put("after", round4(after.brier()));
        ObjectNode logLoss = node.putObject("logLoss");
        logLoss.put("before", round4(before.logLoss()));
        logLoss.put("after", round4(after.logLoss()));
        ObjectNode conf = node.putObject("meanConfidence");
        conf.put("before", round4(before.confidence()));
        conf.put("after", round4(after.confidence()));
        node.put("accuracy", round4(after.accuracy()));
    }

    /** The report as pretty-printed JSON text. */
    public String toJson(CvReport report) {
        try {
            return mapper.writeValueAsString(toTree(report)) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the report's extra figures: " + e.getMessage(), e);
        }
    }

    private ObjectNode extra(CvReport report) {
        ObjectNode extra = mapper.createObjectNode();
        ObjectNode pooledF1 = extra.putObject("pooledMacroF1");
        ObjectNode perFold = extra.putObject("perFoldMacroF1");
        ObjectNode adaptation = extra.putObject("speakerAdaptation");
        for (CrossValidationResult m : report.models()) {
            pooledF1.put(m.modelName(), round4(m.pooled().macroF1()));
            ObjectNode folds = perFold.putObject(m.modelName());
            for (FoldResult f : m.folds()) {
                folds.put(f.heldOutSpeaker(), round4(f.metrics().macroF1()));
            }
            adaptation.put(m.modelName(), m.adaptation().label());
        }
        for (Map.Entry<String, Object> e : report.extra().entrySet()) {
            extra.set(e.getKey(), rounded(mapper.valueToTree(e.getValue())));
        }
        return extra;
    }

    /** Rounds every real number in a caller-supplied tree too, so the whole file follows one rule. */
    private static com.fasterxml.jackson.databind.JsonNode rounded(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(round4(node.doubleValue()));
        }
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> e.setValue(rounded(e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, rounded(a.get(i)));
            }
        }
        return node;
    }

    private static void summary(ObjectNode node, Summary s) {
        node.put("mean", round4(s.mean()));
        node.put("std", round4(s.std()));
    }

    /** Rounds half up to 4 decimals. */
    static double round4(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}

package de.stimmung.trainer.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the caller knows about a model that the fitted network does not, written into the ONNX
 * file's {@code metadata_props} so that the service can check it is scoring the right features.
 *
 * @param featureSpecHash         hash of the {@code FeatureSpec} the training features came from
 * @param modelVersion            the release's model version; if it is a non-negative integer it
 *                                also becomes the ModelProto's {@code model_version}
 * @param trainingDataFingerprint a fingerprint of the training rows (files and labels)
 * @param cvScoresJson            cross-validation results as a JSON document (object or array)
 */
public record OnnxExportOptions(String featureSpecHash, String modelVersion, String trainingDataFingerprint,
                                String cvScoresJson) {

    public OnnxExportOptions {
        requireText("featureSpecHash", featureSpecHash);
        requireText("modelVersion", modelVersion);
        requireText("trainingDataFingerprint", trainingDataFingerprint);
        requireText("cvScoresJson", cvScoresJson);
        try {
            new ObjectMapper().readTree(cvScoresJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cvScoresJson is not valid JSON (" + e.getOriginalMessage()
                    + "); pass the CV report serialised with Jackson, e.g. {\"uar\":0.81}", e);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank string");
        }
    }

    /** The model version as a number for ModelProto.model_version, or -1 if it is not a non-negative integer. */
    public long numericModelVersion() {
        if (!modelVersion.matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(modelVersion);
    }
}

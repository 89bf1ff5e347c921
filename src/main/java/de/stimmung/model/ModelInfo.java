package de.stimmung.model;

import java.util.List;
import java.util.Map;

/**
 * What a loaded model declares about itself (from its ONNX metadata).
 *
 * @param source           where the model was loaded from (a path or a classpath resource)
 * @param version          the model version (written into every event)
 * @param featureSpecHash  the feature spec the model was trained with
 * @param featureDimension the input vector length
 * @param labels           output labels in order
 * @param metadata         all metadata properties, unmodified
 */
public record ModelInfo(String source, String version, String featureSpecHash, int featureDimension,
        List<String> labels, Map<String, String> metadata) {
}

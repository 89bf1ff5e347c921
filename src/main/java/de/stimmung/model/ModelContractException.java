package de.stimmung.model;

/**
 * A model that does not fit this service: a different feature spec, input size or label set,
 * or a file that is not a usable ONNX model. The message names what differs and how to fix it.
 */
public final class ModelContractException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelContractException(String message) {
        super(message);
    }

    public ModelContractException(String message, Throwable cause) {
        super(message, cause);
    }
}

package de.stimmung.registry;

/**
 * A schema registry refused a request or could not be reached. {@link #status()} is the HTTP
 * status (0 when no registry answered at all), {@link #errorCode()} the registry's
 * {@code error_code} (for example 40401 subject not found, 40403 schema not found, 409
 * incompatible, 42201 invalid schema; 0 when absent). The message names the registry, the request
 * and the registry's own message, so it can be logged as is.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int status, int errorCode) {
        this(message, status, errorCode, null);
    }

    /** HTTP status of the registry's answer; 0 if no registry answered. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or 0 if it sent none. */
    public int errorCode() {
        return errorCode;
    }

    /** True if no configured registry URL answered (connection refused, timeout, DNS). */
    public boolean isUnreachable() {
        return status == 0;
    }

    /** True for a 404: the subject, version or schema id does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }
}

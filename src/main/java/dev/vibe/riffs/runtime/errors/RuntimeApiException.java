package dev.vibe.riffs.runtime.errors;

/**
 * The runtime-api answered with an error, or could not be reached. Messages name the operation and the
 * HTTP status only: never a key, never the body (which could echo one).
 */
public class RuntimeApiException extends RuntimeException {

    private final int status;

    public RuntimeApiException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    public RuntimeApiException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = 0;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}

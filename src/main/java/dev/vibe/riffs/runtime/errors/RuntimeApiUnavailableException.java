package dev.vibe.riffs.runtime.errors;

/**
 * No usable answer came from the runtime-api: unreachable, too slow, its circuit open, or too many calls in
 * flight already. Callers degrade: they keep serving from the database and leave the rest to the reconciler.
 */
public class RuntimeApiUnavailableException extends RuntimeApiException {

    public RuntimeApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vibe.riffs.runtime.errors;

/**
 * This replica's own limit on runtime-api calls is reached: the call was not made. It says nothing about the
 * runtime-api's health, so it never counts for the circuit breaker; the request gets {@code 503} and may retry.
 */
public class RuntimeApiOverloadedException extends RuntimeApiUnavailableException {

    public RuntimeApiOverloadedException(String message) {
        super(message, null);
    }
}

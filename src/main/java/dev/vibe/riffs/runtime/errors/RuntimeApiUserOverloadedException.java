package dev.vibe.riffs.runtime.errors;

/**
 * The user of this request holds their whole share of this replica's runtime-api calls
 * ({@code runtime-api.concurrency.user-share}): the call was not made. Only that user's request is refused
 * ({@code 429}); like any refusal by our own limit it never counts for the circuit breaker.
 */
public class RuntimeApiUserOverloadedException extends RuntimeApiOverloadedException {

    public RuntimeApiUserOverloadedException(String message) {
        super(message);
    }
}

package dev.vibe.riffs.runtime.errors;

/** {@code 404}: the session or runtime is unknown. The client wrapper turns it into an empty answer. */
public class RuntimeApiNotFoundException extends RuntimeApiException {

    public RuntimeApiNotFoundException() {
        super("runtime-api answered 404", 404);
    }
}

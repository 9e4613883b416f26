package dev.vibe.riffs.service.riffs;

/** The riff has no runtime, or the runtime-api no longer knows it. */
public class RuntimeNotFoundException extends RuntimeException {

    public RuntimeNotFoundException(String message) {
        super(message, null, false, false);
    }
}

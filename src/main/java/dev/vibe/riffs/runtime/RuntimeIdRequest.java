package dev.vibe.riffs.runtime;

/** Body of {@code /pause}, {@code /resume} and {@code /stop}. */
public record RuntimeIdRequest(String runtimeId) {
}

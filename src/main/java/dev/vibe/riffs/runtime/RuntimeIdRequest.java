package dev.vibe.riffs.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code /pause}, {@code /resume} and {@code /stop}. */
@RegisterForReflection
public record RuntimeIdRequest(String runtimeId) {
}

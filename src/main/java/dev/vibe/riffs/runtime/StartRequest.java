package dev.vibe.riffs.runtime;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /start}; a null field is left out, so that the runtime-api's default applies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record StartRequest(
        String sessionId,
        String image,
        String command,
        String workingDir,
        Map<String, String> environment,
        Integer resourceFactor,
        String runtimeClass,
        Integer runAsUser,
        Integer runAsGroup,
        Integer fsGroup,
        String imagePullPolicy) {
}

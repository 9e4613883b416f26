package dev.vibe.riffs.runtime;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /start}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartRequest(
        String sessionId,
        String image,
        String command,
        String workingDir,
        Map<String, String> environment,
        Integer resourceFactor,
        String runtimeClass) {
}

package dev.vibe.riffs.rest.riffs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A runtime object as the runtime-api gives it, limited to its known fields (fields the runtime-api may add are
 * not passed on, so that no other secret slips through). The session API key is the riff's own, and riffs are
 * only shown to the user who owns them. {@code status} is normalized as the riff's {@code runtime_status} is
 * ({@link RuntimeState}: {@code pending} is {@code starting}, {@code failed} is {@code error}, anything else unknown
 * is {@code unknown}), so that it is one of the values the description lists. {@code restart_reasons} has no published
 * shape at the runtime-api: it is passed on as the JSON it is (strings, objects, whatever the runtime-api gives), and a
 * field of an unexpected type is null ({@code RuntimeAnswers}).
 */
@Schema(description = "The riff's runtime as the runtime-api describes it")
@RegisterForReflection
public record RuntimeView(
        @Schema(required = true) String runtimeId,
        @Schema(required = true, nullable = true, description = "The riff's session at the runtime-api") String sessionId,
        @Schema(required = true, nullable = true, description = "Base URL of the runtime's agent server") String url,
        @Schema(required = true, nullable = true, description = "Secret of the runtime's agent server (header X-Session-API-Key)")
        String sessionApiKey,
        @Schema(required = true, description = "The runtime-api's status; usable when running with pod_status ready")
        String status,
        @Schema(required = true, nullable = true,
                description = "The runtime-api's finer status of the pod, as it gives it: pending, running, ready, not found, failed, "
                        + "unknown, crashloopbackoff")
        String podStatus,
        @Schema(required = true, nullable = true) String image,
        @Schema(required = true, nullable = true) Integer restartCount,
        @Schema(required = true, nullable = true, description = "Why the runtime's pod restarted, as the runtime-api gives it: any JSON "
                + "(it publishes no shape; usually a list of strings or of objects)")
        JsonNode restartReasons) {

    static RuntimeView of(RuntimeInfo runtime) {
        return runtime == null ? null
                : new RuntimeView(runtime.runtimeId(), runtime.sessionId(), runtime.url(), runtime.sessionApiKey(),
                        runtime.state().wireName(), runtime.podStatus(), runtime.image(), runtime.restartCount(),
                        runtime.restartReasons());
    }

    @Override
    public String toString() {
        return "RuntimeView[runtimeId=" + runtimeId + ", status=" + status + "]";
    }
}

package dev.vibe.riffs.rest.riffs;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The riff object of the API. It carries the riff's own {@code session_api_key}: riffs are only ever shown
 * to the user who owns them. {@code runtime_error} (beyond the original API) says why a riff has no runtime yet;
 * {@code last_activity_at} and {@code idle_pause_at} (beyond it too) show the lifecycle policy at work. Every property
 * is always there; the runtime ones are null while the riff has no runtime.
 */
@Schema(description = "A riff of an app; the runtime properties are null while it has no runtime")
@RegisterForReflection
public record RiffView(
        @Schema(required = true, example = "fix-login") String slug,
        @Schema(required = true, example = "my-app") String appSlug,
        @Schema(required = true, nullable = true) String description,
        @Schema(required = true, description = "When the riff was created (ISO-8601, UTC)") Instant createdAt,
        @Schema(required = true, description = "The X-User-UUID that created the riff") String createdBy,
        @Schema(required = true, nullable = true, description = "Null until the riff has messages") Instant lastMessageAt,
        @Schema(required = true) int messageCount,
        @Schema(required = true, nullable = true) String runtimeId,
        @Schema(required = true, nullable = true, description = "Base URL of the runtime's agent server") String runtimeUrl,
        @Schema(required = true, nullable = true,
                description = "Secret of the runtime's agent server (header X-Session-API-Key); it changes when the runtime is resumed")
        String sessionApiKey,
        @Schema(required = true, nullable = true,
                description = "The runtime's status as last seen at the runtime-api; missing when the runtime-api no longer knows "
                        + "the runtime; queued while the user's cap of runtimes (RUNTIME_API_MAX_RUNNING_PER_USER) is reached; "
                        + "null while the riff has no runtime")
        String runtimeStatus,
        @Schema(required = true, nullable = true, description = "Why the riff has no runtime yet (a failed start, the user's cap "
                + "reached, its start still under way after RUNTIME_API_CLIENT_WAIT), or, in the 202 answer of a reset or resume "
                + "still under way after RUNTIME_API_CLIENT_WAIT, why its runtime is shown starting; null otherwise")
        String runtimeError,
        @Schema(required = true, description = "The last request that concerned the riff (get, reset, status, pause, resume, "
                + "keep-alive), recorded at most once per 5 to 10 seconds except by a keep-alive, which always records it; the creation "
                + "time until then")
        Instant lastActivityAt,
        @Schema(required = true, nullable = true, description = "When the runtime will be paused for idleness if nothing "
                + "concerns the riff meanwhile: RUNTIME_API_IDLE_PAUSE_AFTER after the later of last_activity_at and the start "
                + "(or resume) of its runtime; the reconciler's first run after it pauses the runtime once it is running. Null "
                + "when the runtime is neither starting nor running, or idle pausing is off")
        Instant idlePauseAt) {

    public static RiffView of(Riff riff, String appSlug, LifecyclePolicy policy) {
        return new RiffView(riff.slug, appSlug, riff.description, riff.createdAt, riff.createdBy, riff.lastMessageAt,
                riff.messageCount, riff.runtimeId, riff.runtimeUrl, riff.sessionApiKey, RuntimeStatus.wireOf(riff.runtimeStatus), riff.runtimeError,
                riff.lastActivityAt != null ? riff.lastActivityAt : riff.createdAt, policy.idlePauseAt(riff));
    }

    @Override
    public String toString() {
        return "RiffView[slug=" + slug + ", appSlug=" + appSlug + ", runtimeId=" + runtimeId + "]";
    }
}

package dev.vibe.riffs.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.service.LifecyclePolicy;

/**
 * The riff object of the API. It carries the riff's own {@code session_api_key}: riffs are only ever shown
 * to the user who owns them. {@code runtime_error} (beyond the original API) says why a riff has no runtime yet;
 * {@code last_activity_at} and {@code idle_pause_at} (beyond it too) show the lifecycle policy at work.
 */
public record RiffView(
        String slug,
        String appSlug,
        String description,
        Instant createdAt,
        String createdBy,
        Instant lastMessageAt,
        int messageCount,
        String runtimeId,
        String runtimeUrl,
        String sessionApiKey,
        @Schema(description = "The runtime-api's status of the runtime (starting, running, paused, stopped, error, unknown), "
                + "missing when the runtime-api no longer knows it, queued while the user's cap of runtimes "
                + "(RUNTIME_API_MAX_RUNNING_PER_USER) is reached, or null without a runtime")
        String runtimeStatus,
        @Schema(description = "Why the riff has no runtime yet (a failed start, the user's cap reached), or null")
        String runtimeError,
        @Schema(description = "The last request that concerned the riff (get, reset, status, pause, resume, keep-alive); "
                + "recorded at most once per 5 seconds")
        Instant lastActivityAt,
        @Schema(description = "When the running runtime will be paused for idleness if nothing concerns the riff meanwhile "
                + "(RUNTIME_API_IDLE_PAUSE_AFTER after last_activity_at); null when not running or idle pausing is off")
        Instant idlePauseAt) {

    static RiffView of(Riff riff, String appSlug, LifecyclePolicy policy) {
        return new RiffView(riff.slug, appSlug, riff.description, riff.createdAt, riff.createdBy, riff.lastMessageAt,
                riff.messageCount, riff.runtimeId, riff.runtimeUrl, riff.sessionApiKey, riff.runtimeStatus, riff.runtimeError,
                riff.lastActivityAt != null ? riff.lastActivityAt : riff.createdAt, policy.idlePauseAt(riff));
    }

    @Override
    public String toString() {
        return "RiffView[slug=" + slug + ", appSlug=" + appSlug + ", runtimeId=" + runtimeId + "]";
    }
}

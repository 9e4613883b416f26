package dev.vibe.riffs.rest;

import java.time.Instant;

import dev.vibe.riffs.domain.Riff;

/**
 * The riff object of the API. It carries the riff's own {@code session_api_key}: riffs are only ever shown
 * to the user who owns them. {@code runtime_error} (beyond the original API) says why a riff has no runtime yet.
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
        String runtimeStatus,
        String runtimeError) {

    static RiffView of(Riff riff, String appSlug) {
        return new RiffView(riff.slug, appSlug, riff.description, riff.createdAt, riff.createdBy, riff.lastMessageAt,
                riff.messageCount, riff.runtimeId, riff.runtimeUrl, riff.sessionApiKey, riff.runtimeStatus, riff.runtimeError);
    }

    @Override
    public String toString() {
        return "RiffView[slug=" + slug + ", appSlug=" + appSlug + ", runtimeId=" + runtimeId + "]";
    }
}

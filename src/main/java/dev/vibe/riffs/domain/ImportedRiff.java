package dev.vibe.riffs.domain;

import java.time.Instant;

/**
 * A riff row brought over from another store (the Flask backend's files): its own timestamps, creator and message
 * statistics, its runtime-api session, and the runtime it had (the runtime fields all null when none). Its runtime status
 * is left unknown, for the reconciler's refresh to read.
 */
public record ImportedRiff(String userId, String slug, String description, Instant createdAt, String createdBy,
        Instant lastMessageAt, int messageCount, String sessionId, String runtimeId, String runtimeUrl, String sessionApiKey,
        Instant importedAt) {

    @Override
    public String toString() {
        // Never print the session API key.
        return "ImportedRiff[userId=" + userId + ", slug=" + slug + ", sessionId=" + sessionId + ", runtimeId=" + runtimeId + "]";
    }
}

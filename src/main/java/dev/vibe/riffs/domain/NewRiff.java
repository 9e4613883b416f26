package dev.vibe.riffs.domain;

import java.time.Instant;

/** What a new riff row is made of. */
public record NewRiff(String userId, String slug, String description, String sessionId, Instant createdAt) {
}

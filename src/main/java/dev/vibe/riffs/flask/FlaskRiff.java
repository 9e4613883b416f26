package dev.vibe.riffs.flask;

import java.time.Instant;

/**
 * A riff as the Flask backend stored it ({@code .../riffs/<slug>/riff.json}): its message statistics, and the runtime its
 * {@code runtime_service} started for it (all three runtime fields null when it had none).
 */
record FlaskRiff(String slug, String description, Instant createdAt, String createdBy, Instant lastMessageAt, int messageCount,
        String runtimeId, String runtimeUrl, String sessionApiKey) {

    /** The runtime-api session the Flask backend gave the riff's runtimes: {@code {user}.{app}.{riff}}, with dots. */
    static String sessionId(String userId, String appSlug, String riffSlug) {
        return userId + "." + appSlug + "." + riffSlug;
    }

    boolean hasRuntime() {
        return runtimeId != null;
    }

    @Override
    public String toString() {
        // Never print the session API key.
        return "FlaskRiff[slug=" + slug + ", runtimeId=" + runtimeId + "]";
    }
}

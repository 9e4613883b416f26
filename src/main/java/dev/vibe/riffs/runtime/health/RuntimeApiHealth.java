package dev.vibe.riffs.runtime.health;

import java.time.Instant;

/**
 * One look at the runtime-api's {@code GET /health}.
 *
 * @param httpStatus the answer's status, or 0 when none came
 * @param error why it is not healthy, null when it is
 */
public record RuntimeApiHealth(boolean healthy, String url, int httpStatus, long latencyMillis, String error,
        boolean keyConfigured, Instant checkedAt) {
}

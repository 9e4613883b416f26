package dev.vibe.riffs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one user may ask of this replica at once ({@code VIBE_USERS_*}). */
@ConfigMapping(prefix = "vibe.users")
public interface UsersConfig {

    /**
     * Requests of one user to {@code /api/apps} and {@code /api/usage} this replica works on at once
     * ({@code VIBE_USERS_MAX_REQUESTS_IN_FLIGHT}); one beyond is answered {@code 429} with {@code Retry-After} before
     * it costs anything (no worker thread, no database connection), so that one user's flood leaves the threads, the
     * database pool and the CPU to the others. {@code 0} turns the limit off. A browser holds at most six connections
     * to a host; 32 leaves scripts room and keeps a flood from taking the database pool.
     */
    @WithDefault("32")
    int maxRequestsInFlight();
}

package dev.vibe.riffs.service.lifecycle;

import java.util.UUID;

/** A claim on a riff for runtime work, held by whoever knows its token (see {@link RiffClaims}). */
public record RiffClaim(long riffId, String token) {

    public static String newToken() {
        return UUID.randomUUID().toString();
    }
}

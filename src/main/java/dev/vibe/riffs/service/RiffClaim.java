package dev.vibe.riffs.service;

import java.util.UUID;

/** A claim on a riff for runtime work, held by whoever knows its token (see {@link RiffClaims}). */
record RiffClaim(long riffId, String token) {

    static String newToken() {
        return UUID.randomUUID().toString();
    }
}

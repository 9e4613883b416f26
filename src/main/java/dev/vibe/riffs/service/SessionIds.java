package dev.vibe.riffs.service;

import dev.vibe.riffs.domain.Riff;

/** The runtime-api session id of a riff: {@code {user_id}:{app_slug}:{riff_slug}} (user ids never hold a colon). */
public final class SessionIds {

    private SessionIds() {
    }

    public static String of(Riff riff) {
        return of(riff.userId, riff.app.slug, riff.slug);
    }

    public static String of(String userId, String appSlug, String riffSlug) {
        return userId + ":" + appSlug + ":" + riffSlug;
    }
}

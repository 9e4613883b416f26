package dev.vibe.riffs.warmup;

import java.util.regex.Pattern;

import dev.vibe.riffs.domain.Riff;

/** A riff the warm-up asks about, named as its user's requests name it. */
record WarmUpTarget(String userId, String appSlug, String riffSlug) {

    /** What a request path and X-User-UUID can carry as they are (a riff imported from elsewhere may have other names). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    static WarmUpTarget of(Riff riff) {
        return new WarmUpTarget(riff.app.userId, riff.app.slug, riff.slug);
    }

    boolean askable() {
        return PLAIN.matcher(userId).matches() && PLAIN.matcher(appSlug).matches() && PLAIN.matcher(riffSlug).matches();
    }
}

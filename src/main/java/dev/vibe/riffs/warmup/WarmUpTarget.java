package dev.vibe.riffs.warmup;

import dev.vibe.riffs.domain.Riff;

/** A riff the warm-up reads and looks up, named as its owner's requests name it. */
record WarmUpTarget(String userId, String appSlug, String riffSlug) {

    static WarmUpTarget of(Riff riff) {
        return new WarmUpTarget(riff.app.userId, riff.app.slug, riff.slug);
    }
}

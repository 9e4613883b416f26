package dev.vibe.riffs.service.events;

/** Who changed a riff's runtime: a user's request, the reconciler (catch-up, refresh, stops), or the lifecycle policy. */
public enum RuntimeActor {
    REQUEST, RECONCILER, POLICY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

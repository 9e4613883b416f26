package dev.vibe.riffs.domain;

import java.time.Instant;

/** One change of a riff's runtime, as the ledger ({@code runtime_events}) keeps it. */
public record RuntimeEvent(long id, Instant at, String userId, String appSlug, String riffSlug, Long riffId, String runtimeId,
        String fromStatus, String toStatus, String reason, String actor, String detail) {

    @Override
    public String toString() {
        return "RuntimeEvent[id=" + id + ", riffId=" + riffId + ", reason=" + reason + "]";
    }
}

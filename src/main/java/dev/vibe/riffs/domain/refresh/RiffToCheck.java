package dev.vibe.riffs.domain.refresh;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;

/**
 * What a status check needs of a riff: its runtime and session, and its stored status as read. The refresh reads
 * thousands of these a second, so they are plain rows, not entities; a riff whose status changed is loaded whole.
 */
@RegisterForReflection
public record RiffToCheck(long id, String sessionId, String runtimeId, RuntimeStatus runtimeStatus, Instant runtimeStatusAt,
        Instant runtimeRecheckAt) {

    public static RiffToCheck of(Riff riff) {
        return new RiffToCheck(riff.id, riff.sessionId, riff.runtimeId, riff.runtimeStatus, riff.runtimeStatusAt, riff.runtimeRecheckAt);
    }
}

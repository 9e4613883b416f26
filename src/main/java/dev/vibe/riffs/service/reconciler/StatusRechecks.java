package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;

/**
 * What follows a change recorded on a riff's runtime, so that decisions are taken on fresh statuses: when the idle
 * clock restarts ({@code runtime_started_at}: the runtime was started, resumed or adopted, or came back to life) and
 * when the status refresh's fast lane looks at the runtime again ({@code runtime_recheck_at}: while it is starting, and
 * once soon after a request changed it, since the runtime-api may still report the old status for a moment).
 */
@ApplicationScoped
public class StatusRechecks {

    /** Reasons that give the riff a runtime afresh: the idle clock restarts. */
    private static final Set<RuntimeEventReason> STARTS = Set.of(RuntimeEventReason.STARTED, RuntimeEventReason.RESUMED, RuntimeEventReason.ADOPTED);

    /** Changes a request makes to a runtime, which the fast lane confirms once. */
    private static final Set<RuntimeEventReason> REQUEST_CHANGES = Set.of(RuntimeEventReason.STARTED, RuntimeEventReason.RESUMED, RuntimeEventReason.ADOPTED,
            RuntimeEventReason.PAUSED);

    private final Duration soonest;
    private final Duration latest;

    StatusRechecks(RuntimeApiConfig config) {
        this.soonest = config.reconciler().recheckAfter();
        this.latest = soonest.multipliedBy(5);
    }

    /** The first pause of the fast lane. */
    Duration soonest() {
        return soonest;
    }

    /** The longest pause of the fast lane, for a runtime that has been starting for long. */
    Duration latest() {
        return latest;
    }

    /**
     * Sets the riff's idle clock and next recheck after its runtime (now {@code riff.runtimeId}, status
     * {@code riff.runtimeStatus}) was recorded, in the transaction that records it.
     */
    public void afterChange(Riff riff, String fromRuntimeId, RuntimeStatus fromStatus, RuntimeEventReason reason, RuntimeActor actor) {
        Instant now = Clock.now();
        boolean newRuntime = riff.runtimeId != null && !Objects.equals(fromRuntimeId, riff.runtimeId);
        boolean revived = !RuntimeStatus.holdsSlot(fromStatus) && RuntimeStatus.holdsSlot(riff.runtimeStatus);
        if (STARTS.contains(reason) || newRuntime || revived) {
            riff.runtimeStartedAt = now;
        }
        riff.runtimeRecheckAt = nextRecheck(riff, reason, actor, now);
    }

    private Instant nextRecheck(Riff riff, RuntimeEventReason reason, RuntimeActor actor, Instant now) {
        if (riff.runtimeId == null) {
            return null;
        }
        if (riff.runtimeStatus == RuntimeStatus.STARTING) {
            Duration startingFor = riff.runtimeStartedAt == null ? Duration.ZERO : Duration.between(riff.runtimeStartedAt, now);
            return now.plus(clamp(startingFor.dividedBy(4)));
        }
        if (actor == RuntimeActor.REQUEST && REQUEST_CHANGES.contains(reason) && RuntimeStatus.alive(riff.runtimeStatus)) {
            return now.plus(soonest);
        }
        return null;
    }

    private Duration clamp(Duration delay) {
        return delay.compareTo(soonest) < 0 ? soonest : delay.compareTo(latest) > 0 ? latest : delay;
    }
}

package dev.vibe.riffs.service.reconciler;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.lifecycle.RuntimeFields;

/**
 * The one place that records what a look-up outside any claim learnt about a riff's runtime (a live status look-up, a
 * reset's polling, a readiness check, the cap's look at a user's runtimes): written only when it differs from what is
 * stored (status, URL, session key), in a short transaction of its own, with its event ({@code observed} or
 * {@code missing}), unless the riff moved to another runtime, a newer observation was stored meanwhile, or someone
 * holds a claim on the riff (it is being changed, and the claimant records the outcome). Decisions
 * that read stored statuses (the cap, the idle pause, eviction) then see what requests saw.
 */
@ApplicationScoped
public class RuntimeObservations {

    private final RiffRepository riffs;
    private final RuntimeEvents events;
    private final StatusRechecks rechecks;

    RuntimeObservations(RiffRepository riffs, RuntimeEvents events, StatusRechecks rechecks) {
        this.riffs = riffs;
        this.events = events;
        this.rechecks = rechecks;
    }

    /**
     * Records what a request's look-up of the riff's runtime answered.
     *
     * @param riff the riff as the request read it (its {@code runtimeId} is the runtime looked up)
     * @param seen the runtime-api's answer; empty when it does not know the runtime
     * @param askedAt when the look-up was made (before the call), so that an older answer never overwrites a newer one
     * @return the riff as stored afterwards (the given one when nothing had to be written)
     */
    public Riff record(Riff riff, Optional<RuntimeInfo> seen, Instant askedAt) {
        return record(riff, seen, askedAt, RuntimeActor.REQUEST);
    }

    Riff record(Riff riff, Optional<RuntimeInfo> seen, Instant askedAt, RuntimeActor actor) {
        if (riff.runtimeId == null || !differs(riff, seen)) {
            return riff;
        }
        return write(riff.id, riff.runtimeId, seen.orElse(null), askedAt, actor).orElse(riff);
    }

    /** Whether the answer tells something the riff does not show yet. */
    static boolean differs(Riff riff, Optional<RuntimeInfo> seen) {
        if (seen.isEmpty()) {
            return !RuntimeFields.MISSING.equals(riff.runtimeStatus);
        }
        RuntimeInfo runtime = seen.get();
        return !runtime.state().wireName().equals(riff.runtimeStatus)
                || (runtime.url() != null && !runtime.url().equals(riff.runtimeUrl))
                || (runtime.sessionApiKey() != null && !runtime.sessionApiKey().equals(riff.sessionApiKey));
    }

    /**
     * A riff under someone's live claim is being changed (a resume that reserved its slot, say): what a look-up saw
     * may be the state before that change, and the claimant records the outcome anyway.
     */
    private static boolean claimedByAnother(Riff riff) {
        return riff.runtimeClaim != null && riff.runtimeClaimUntil != null && riff.runtimeClaimUntil.isAfter(Instant.now());
    }

    @Transactional(TxType.REQUIRES_NEW)
    Optional<Riff> write(long riffId, String runtimeId, RuntimeInfo seen, Instant askedAt, RuntimeActor actor) {
        // A riff whose row another transaction holds is being written right now (often by a concurrent look-up that saw
        // the same): this observation is dropped rather than queued behind it with a connection held, so that a burst
        // of look-ups of one runtime never drains the pool. The next look-up or refresh stores what is still news.
        Optional<Riff> found = riffs.lockUnlessBusy(riffId);
        found.filter(riff -> runtimeId.equals(riff.runtimeId) && (riff.runtimeStatusAt == null || riff.runtimeStatusAt.isBefore(askedAt))
                        && !claimedByAnother(riff))
                .ifPresent(riff -> {
                    String fromStatus = riff.runtimeStatus;
                    String status = seen == null ? RuntimeFields.MISSING : seen.state().wireName();
                    riff.runtimeStatus = status;
                    riff.runtimeStatusAt = askedAt;
                    if (seen != null && seen.url() != null) {
                        riff.runtimeUrl = seen.url();
                    }
                    if (seen != null && seen.sessionApiKey() != null) {
                        riff.sessionApiKey = seen.sessionApiKey();
                    }
                    String reason = seen == null ? RuntimeEvents.MISSING : RuntimeEvents.OBSERVED;
                    rechecks.afterChange(riff, runtimeId, fromStatus, reason, actor);
                    if (!Objects.equals(fromStatus, status)) {
                        events.record(riff, fromStatus, status, reason, actor, null);
                    }
                });
        return found;
    }
}

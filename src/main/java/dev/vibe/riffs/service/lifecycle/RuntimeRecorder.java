package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.reconciler.StartRetry;
import dev.vibe.riffs.service.reconciler.StatusRechecks;
import io.quarkus.logging.Log;

/**
 * Records on a riff what runtime work under a claim found or did, and gives the claim up, each in one short
 * transaction. A runtime that was started or resumed for a riff deleted meanwhile, or for a riff that another
 * claimant gave another runtime after this claim expired, is owed a stop: no runtime is left without an owner.
 */
@ApplicationScoped
public class RuntimeRecorder {

    private final RiffRepository riffs;
    private final RuntimeStopService stopper;
    private final RuntimeEvents events;
    /**
     * Says which riff was left without a runtime and why (our exception's message: never a key or an answer's body), one
     * line per 10 s at most under a burst, with a count.
     */
    private final ThrottledWarning failedProvisionings = new ThrottledWarning("Riffs left without a runtime for now",
            Duration.ofSeconds(10));
    private final StatusRechecks rechecks;

    RuntimeRecorder(RiffRepository riffs, RuntimeStopService stopper, RuntimeEvents events, StatusRechecks rechecks) {
        this.riffs = riffs;
        this.stopper = stopper;
        this.events = events;
        this.rechecks = rechecks;
    }

    /**
     * Records the runtime the claimant ended with and gives the claim up.
     *
     * @param ownedHere whether the claimant started or resumed this runtime (rather than found it as it was)
     * @param reason the event's reason if the runtime changed, or null to tell it from the change: {@code started} or
     *        {@code resumed} (owned here; resumed when the riff had this runtime already), {@code adopted} (found, and
     *        new to the riff), {@code observed} (a status change of the riff's runtime)
     * @return the riff, or empty when it was deleted meanwhile
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> record(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere, RuntimeActor actor, String reason) {
        return recordInTransaction(claim, sessionId, runtime, ownedHere, actor, reason, null);
    }

    /**
     * Records as {@link #record} a runtime that replaces the riff's old one, which a look-up saw end as
     * {@code oldEndedAs} ({@code missing}, {@code stopped}, {@code error}; null: not seen ended): the ledger gets that
     * observation first, in the same transaction.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> record(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere, RuntimeActor actor, String reason,
            String oldEndedAs) {
        return recordInTransaction(claim, sessionId, runtime, ownedHere, actor, reason, oldEndedAs);
    }

    /** Records the outcomes of a batch of starts by the reconciler, in one transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordAll(List<ProvisionOutcome> outcomes) {
        for (ProvisionOutcome outcome : outcomes) {
            if (outcome.runtime() != null) {
                recordInTransaction(outcome.claim(), outcome.sessionId(), outcome.runtime(), outcome.ownedHere(), RuntimeActor.RECONCILER, null, null);
            } else if (outcome.retry() != null) {
                failureInTransaction(outcome.claim(), outcome.error(), outcome.retry(), RuntimeActor.RECONCILER);
            } else {
                riffs.release(outcome.claim().riffId(), outcome.claim().token());
            }
        }
    }

    private Optional<Riff> recordInTransaction(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere,
            RuntimeActor actor, String reason, String oldEndedAs) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        if (found.isEmpty()) {
            if (ownedHere && runtime.state().alive()) {
                Log.infof("Riff %d was deleted while runtime %s was started or resumed for it; stopping it", claim.riffId(),
                        runtime.runtimeId());
                stopper.owe(runtime.runtimeId(), sessionId);
            }
            return Optional.empty();
        }
        Riff riff = found.get();
        boolean holdsClaim = claim.token().equals(riff.runtimeClaim);
        if (holdsClaim || riff.runtimeId == null || riff.runtimeId.equals(runtime.runtimeId())) {
            String fromRuntimeId = riff.runtimeId;
            String fromStatus = riff.runtimeStatus;
            boolean sameRuntime = runtime.runtimeId().equals(fromRuntimeId);
            if (oldEndedAs != null && fromRuntimeId != null && !sameRuntime && !oldEndedAs.equals(fromStatus)) {
                events.record(riff, fromStatus, oldEndedAs, RuntimeFields.MISSING.equals(oldEndedAs) ? RuntimeEvents.MISSING
                        : RuntimeEvents.OBSERVED, actor, null);
                fromStatus = oldEndedAs;
            }
            RuntimeFields.apply(riff, runtime);
            riff.startAttempts = 0;
            String why = reason != null ? reason
                    : ownedHere ? (sameRuntime ? RuntimeEvents.RESUMED : RuntimeEvents.STARTED)
                    : sameRuntime ? RuntimeEvents.OBSERVED : RuntimeEvents.ADOPTED;
            rechecks.afterChange(riff, fromRuntimeId, fromStatus, why, actor);
            events.recordChange(riff, fromRuntimeId, fromStatus, why, actor, null);
        } else if (ownedHere && runtime.state().alive()) {
            Log.warnf("Claim on riff %d expired while runtime %s was started for it, and it has runtime %s now; stopping %s",
                    riff.id, runtime.runtimeId(), riff.runtimeId, runtime.runtimeId());
            stopper.owe(runtime.runtimeId(), sessionId);
        }
        releaseIfHeld(riff, claim);
        return found;
    }

    /**
     * For a create whose runtime-api calls outlast the client's wait: marks the riff {@code starting}, with the reason,
     * unless the outcome was recorded meanwhile; the outcome replaces both when it comes.
     *
     * @return the riff as it is now, or empty when it was deleted
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> recordStillStarting(RiffClaim claim, String why) {
        riffs.markStillStarting(claim.riffId(), claim.token(), why, Clock.now());
        return riffs.findByIdOptional(claim.riffId());
    }

    /** The riff as stored now, detached: for an answer built while runtime work on it goes on. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> stored(long riffId) {
        return riffs.findByIdOptional(riffId);
    }

    /** Records why the riff still has no runtime and when to try again, and gives the claim up. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> recordFailure(RiffClaim claim, String error, StartRetry retry, RuntimeActor actor) {
        return failureInTransaction(claim, error, retry, actor);
    }

    private Optional<Riff> failureInTransaction(RiffClaim claim, String error, StartRetry retry, RuntimeActor actor) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.filter(riff -> claim.token().equals(riff.runtimeClaim)).ifPresent(riff -> {
            String fromStatus = riff.runtimeStatus;
            String fromError = riff.runtimeError;
            RuntimeFields.failure(riff, error);
            if (riff.runtimeId == null) {
                riff.runtimeStatus = null; // gives up a slot reserved for the start
            }
            // A failure that repeats the last one (the reconciler retrying a riff the runtime-api refuses) is no news.
            if (!java.util.Objects.equals(fromStatus, riff.runtimeStatus) || !java.util.Objects.equals(fromError, riff.runtimeError)) {
                events.record(riff, fromStatus, riff.runtimeStatus, RuntimeEvents.START_FAILED, actor, riff.runtimeError);
            }
            failedProvisionings.record("riff " + riff.id + " (" + actor.wireName() + "): " + riff.runtimeError);
            riff.nextStartAt = riff.runtimeId == null ? retry.nextStartAt() : null; // only a riff without a runtime is due a start
            if (retry.countsAsAttempt()) {
                riff.startAttempts++;
            }
            releaseIfHeld(riff, claim);
        });
        return found;
    }

    /** Records a status of the riff's runtime (such as {@code missing}), unless the riff moved to another runtime. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> recordStatus(RiffClaim claim, String runtimeId, String status, RuntimeActor actor, String reason) {
        return statusInTransaction(claim, runtimeId, status, actor, reason);
    }

    /**
     * Records the statuses a batch of claimed runtime work ended with (the idle pauses of a batch), in one
     * transaction; an outcome without a status only gives its claim up.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordStatuses(List<StatusOutcome> outcomes) {
        for (StatusOutcome outcome : outcomes) {
            if (outcome.status() == null) {
                riffs.release(outcome.claim().riffId(), outcome.claim().token());
            } else {
                statusInTransaction(outcome.claim(), outcome.runtimeId(), outcome.status(), outcome.actor(), outcome.reason());
            }
        }
    }

    private Optional<Riff> statusInTransaction(RiffClaim claim, String runtimeId, String status, RuntimeActor actor, String reason) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.ifPresent(riff -> {
            if (runtimeId.equals(riff.runtimeId)) {
                String fromStatus = riff.runtimeStatus;
                String why = RuntimeFields.MISSING.equals(status) ? RuntimeEvents.MISSING : reason;
                RuntimeFields.status(riff, status);
                rechecks.afterChange(riff, runtimeId, fromStatus, why, actor);
                events.recordChange(riff, runtimeId, fromStatus, why, actor, null);
            }
            releaseIfHeld(riff, claim);
        });
        return found;
    }

    /** The status claimed work on a runtime ended with (null: nothing to record, the claim is only given up). */
    public record StatusOutcome(RiffClaim claim, String runtimeId, String status, RuntimeActor actor, String reason) {
    }

    private static void releaseIfHeld(Riff riff, RiffClaim claim) {
        if (claim.token().equals(riff.runtimeClaim)) {
            riff.runtimeClaim = null;
            riff.runtimeClaimUntil = null;
        }
    }
}

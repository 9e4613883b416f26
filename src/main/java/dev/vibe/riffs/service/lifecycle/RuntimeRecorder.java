package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
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
    private final RiffClaimRepository claimRows;
    private final RuntimeStopService stopper;
    private final RuntimeEvents events;
    /**
     * Says which riff was left without a runtime and why (our exception's message: never a key or an answer's body), one
     * line per 10 s at most under a burst, with a count.
     */
    private final ThrottledWarning failedProvisionings = new ThrottledWarning("Riffs left without a runtime for now",
            Duration.ofSeconds(10));
    private final StatusRechecks rechecks;

    RuntimeRecorder(RiffRepository riffs, RiffClaimRepository claimRows, RuntimeStopService stopper, RuntimeEvents events,
            StatusRechecks rechecks) {
        this.riffs = riffs;
        this.claimRows = claimRows;
        this.stopper = stopper;
        this.events = events;
        this.rechecks = rechecks;
    }

    /**
     * Records the runtime the claimant ended with and gives the claim up.
     *
     * @param reason the event's reason if the runtime changed, or null to tell it from the change: {@code started} or
     *        {@code resumed} (owned here; resumed when the riff had this runtime already), {@code adopted} (found, and
     *        new to the riff), {@code observed} (a status change of the riff's runtime)
     * @return the riff, or empty when it was deleted meanwhile
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> record(RiffClaim claim, EndedWith ended, RuntimeActor actor, RuntimeEventReason reason) {
        return recordInTransaction(claim, ended, actor, reason);
    }

    /** Records the outcomes of a batch of starts by the reconciler, in one transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordAll(List<ProvisionOutcome> outcomes) {
        for (ProvisionOutcome outcome : outcomes) {
            if (outcome.runtime() != null) {
                recordInTransaction(outcome.claim(), EndedWith.runtime(outcome.sessionId(), outcome.runtime(), outcome.ownedHere()),
                        RuntimeActor.RECONCILER, null);
            } else if (outcome.retry() != null) {
                failureInTransaction(outcome.claim(), outcome.error(), outcome.retry(), RuntimeActor.RECONCILER);
            } else {
                claimRows.release(outcome.claim().riffId(), outcome.claim().token());
            }
        }
    }

    private Optional<Riff> recordInTransaction(RiffClaim claim, EndedWith ended, RuntimeActor actor, RuntimeEventReason reason) {
        String sessionId = ended.sessionId();
        RuntimeInfo runtime = ended.runtime();
        boolean ownedHere = ended.ownedHere();
        RuntimeStatus oldEndedAs = ended.oldEndedAs();
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
            RuntimeStatus fromStatus = riff.runtimeStatus;
            boolean sameRuntime = runtime.runtimeId().equals(fromRuntimeId);
            if (oldEndedAs != null && fromRuntimeId != null && !sameRuntime && oldEndedAs != fromStatus) {
                events.record(riff, fromStatus, oldEndedAs, oldEndedAs == RuntimeStatus.MISSING ? RuntimeEventReason.MISSING
                        : RuntimeEventReason.OBSERVED, actor, null);
                fromStatus = oldEndedAs;
            }
            RuntimeTransitions.check(riff, fromStatus, RuntimeFields.statusOf(runtime));
            RuntimeFields.apply(riff, runtime);
            riff.startAttempts = 0;
            RuntimeEventReason why = reason != null ? reason
                    : ownedHere ? (sameRuntime ? RuntimeEventReason.RESUMED : RuntimeEventReason.STARTED)
                    : sameRuntime ? RuntimeEventReason.OBSERVED : RuntimeEventReason.ADOPTED;
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
    public Optional<Riff> recordStillStarting(RiffClaim claim) {
        claimRows.markStillStarting(claim.riffId(), claim.token(), RuntimeFields.STILL_STARTING, Clock.now());
        return riffs.findByIdOptional(claim.riffId());
    }

    /**
     * The riff as stored now, detached, for the answer to a reset or resume whose runtime-api calls go on: while the
     * claim still holds it, shown (not stored) with its runtime starting and why, since the old runtime's status stays
     * true until the outcome replaces it.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> shownStillStarting(RiffClaim claim) {
        Optional<Riff> stored = riffs.findByIdOptional(claim.riffId());
        stored.ifPresent(riff -> riffs.getEntityManager().detach(riff));
        stored.filter(riff -> claim.token().equals(riff.runtimeClaim)).ifPresent(riff -> {
            riff.runtimeStatus = RuntimeStatus.STARTING;
            riff.runtimeError = RuntimeFields.STILL_STARTING;
        });
        return stored;
    }

    /**
     * Records what a look-up outside any claim saw of the riff's runtime (empty: the runtime-api does not know it), in a
     * short transaction, unless the riff moved to another runtime, a newer observation was stored meanwhile, someone
     * holds a live claim on the riff, or another transaction holds its row (it is being written right now: the next
     * look-up stores what is still news, rather than this one waiting with a connection held).
     *
     * @return the riff as stored afterwards, or empty when its row was busy or it was deleted
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> recordObservation(long riffId, String runtimeId, Optional<RuntimeInfo> seen, Instant askedAt, RuntimeActor actor) {
        Optional<Riff> found = riffs.lockUnlessBusy(riffId);
        found.filter(riff -> runtimeId.equals(riff.runtimeId) && (riff.runtimeStatusAt == null || riff.runtimeStatusAt.isBefore(askedAt))
                        && !claimedByAnother(riff))
                .ifPresent(riff -> {
                    RuntimeStatus fromStatus = riff.runtimeStatus;
                    RuntimeStatus status = seen.map(RuntimeFields::statusOf).orElse(RuntimeStatus.MISSING);
                    RuntimeTransitions.check(riff, fromStatus, status);
                    riff.runtimeStatus = status;
                    riff.runtimeStatusAt = askedAt;
                    seen.map(RuntimeInfo::url).ifPresent(url -> riff.runtimeUrl = url);
                    seen.map(RuntimeInfo::sessionApiKey).ifPresent(key -> riff.sessionApiKey = key);
                    RuntimeEventReason reason = seen.isEmpty() ? RuntimeEventReason.MISSING : RuntimeEventReason.OBSERVED;
                    rechecks.afterChange(riff, runtimeId, fromStatus, reason, actor);
                    if (fromStatus != status) {
                        events.record(riff, fromStatus, status, reason, actor, null);
                    }
                });
        return found;
    }

    /**
     * A riff under someone's live claim is being changed (a resume that reserved its slot, say): what a look-up saw
     * may be the state before that change, and the claimant records the outcome anyway.
     */
    private static boolean claimedByAnother(Riff riff) {
        return riff.runtimeClaim != null && riff.runtimeClaimUntil != null && riff.runtimeClaimUntil.isAfter(Instant.now());
    }

    /** Records why the riff still has no runtime and when to try again, and gives the claim up. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> recordFailure(RiffClaim claim, String error, StartRetry retry, RuntimeActor actor) {
        return failureInTransaction(claim, error, retry, actor);
    }

    private Optional<Riff> failureInTransaction(RiffClaim claim, String error, StartRetry retry, RuntimeActor actor) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.filter(riff -> claim.token().equals(riff.runtimeClaim)).ifPresent(riff -> {
            RuntimeStatus fromStatus = riff.runtimeStatus;
            String fromError = riff.runtimeError;
            RuntimeFields.failure(riff, error);
            if (riff.runtimeId == null) {
                RuntimeTransitions.check(riff, fromStatus, null);
                riff.runtimeStatus = null; // gives up a slot reserved for the start
            }
            // A failure that repeats the last one (the reconciler retrying a riff the runtime-api refuses) is no news.
            if (!java.util.Objects.equals(fromStatus, riff.runtimeStatus) || !java.util.Objects.equals(fromError, riff.runtimeError)) {
                events.record(riff, fromStatus, riff.runtimeStatus, RuntimeEventReason.START_FAILED, actor, riff.runtimeError);
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
    public Optional<Riff> recordStatus(StatusOutcome outcome) {
        return statusInTransaction(outcome.claim(), outcome.runtimeId(), outcome.status(), outcome.actor(), outcome.reason());
    }

    /**
     * Records the statuses a batch of claimed runtime work ended with (the idle pauses of a batch), in one
     * transaction; an outcome without a status only gives its claim up.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordStatuses(List<StatusOutcome> outcomes) {
        for (StatusOutcome outcome : outcomes) {
            if (outcome.status() == null) {
                claimRows.release(outcome.claim().riffId(), outcome.claim().token());
            } else {
                statusInTransaction(outcome.claim(), outcome.runtimeId(), outcome.status(), outcome.actor(), outcome.reason());
            }
        }
    }

    private Optional<Riff> statusInTransaction(RiffClaim claim, String runtimeId, RuntimeStatus status, RuntimeActor actor,
            RuntimeEventReason reason) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.ifPresent(riff -> {
            if (runtimeId.equals(riff.runtimeId)) {
                RuntimeStatus fromStatus = riff.runtimeStatus;
                RuntimeEventReason why = status == RuntimeStatus.MISSING ? RuntimeEventReason.MISSING : reason;
                RuntimeTransitions.check(riff, fromStatus, status);
                RuntimeFields.status(riff, status);
                rechecks.afterChange(riff, runtimeId, fromStatus, why, actor);
                events.recordChange(riff, runtimeId, fromStatus, why, actor, null);
            }
            releaseIfHeld(riff, claim);
        });
        return found;
    }

    /** The status claimed work on a runtime ended with (null: nothing to record, the claim is only given up). */
    public record StatusOutcome(RiffClaim claim, String runtimeId, RuntimeStatus status, RuntimeActor actor, RuntimeEventReason reason) {
    }

    /**
     * The runtime a claimant ended with.
     *
     * @param ownedHere whether the claimant started or resumed this runtime (rather than found it as it was)
     * @param oldEndedAs for a runtime that replaces the riff's old one, how a look-up saw the old one end
     *        ({@code missing}, {@code stopped}, {@code error}; null: not seen ended): the ledger gets that first
     */
    public record EndedWith(String sessionId, RuntimeInfo runtime, boolean ownedHere, RuntimeStatus oldEndedAs) {

        public static EndedWith runtime(String sessionId, RuntimeInfo runtime, boolean ownedHere) {
            return new EndedWith(sessionId, runtime, ownedHere, null);
        }
    }

    private static void releaseIfHeld(Riff riff, RiffClaim claim) {
        if (claim.token().equals(riff.runtimeClaim)) {
            riff.runtimeClaim = null;
            riff.runtimeClaimUntil = null;
        }
    }
}

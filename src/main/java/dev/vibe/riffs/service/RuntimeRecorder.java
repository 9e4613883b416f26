package dev.vibe.riffs.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeInfo;
import io.quarkus.logging.Log;

/**
 * Records on a riff what runtime work under a claim found or did, and gives the claim up, each in one short
 * transaction. A runtime that was started or resumed for a riff deleted meanwhile, or for a riff that another
 * claimant gave another runtime after this claim expired, is owed a stop: no runtime is left without an owner.
 */
@ApplicationScoped
class RuntimeRecorder {

    private final RiffRepository riffs;
    private final RuntimeStopService stopper;

    RuntimeRecorder(RiffRepository riffs, RuntimeStopService stopper) {
        this.riffs = riffs;
        this.stopper = stopper;
    }

    /**
     * Records the runtime the claimant ended with and gives the claim up.
     *
     * @param ownedHere whether the claimant started or resumed this runtime (rather than found it as it was)
     * @return the riff, or empty when it was deleted meanwhile
     */
    @Transactional(TxType.REQUIRES_NEW)
    Optional<Riff> record(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere) {
        return recordInTransaction(claim, sessionId, runtime, ownedHere);
    }

    /** Records the outcomes of a batch of starts by the reconciler, in one transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    void recordAll(List<ProvisionOutcome> outcomes) {
        for (ProvisionOutcome outcome : outcomes) {
            if (outcome.runtime() != null) {
                recordInTransaction(outcome.claim(), outcome.sessionId(), outcome.runtime(), outcome.ownedHere());
            } else if (outcome.retry() != null) {
                failureInTransaction(outcome.claim(), outcome.error(), outcome.retry());
            } else {
                riffs.release(outcome.claim().riffId(), outcome.claim().token());
            }
        }
    }

    private Optional<Riff> recordInTransaction(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere) {
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
            RuntimeFields.apply(riff, runtime);
            riff.startAttempts = 0;
            riff.nextStartAt = null;
        } else if (ownedHere && runtime.state().alive()) {
            Log.warnf("Claim on riff %d expired while runtime %s was started for it, and it has runtime %s now; stopping %s",
                    riff.id, runtime.runtimeId(), riff.runtimeId, runtime.runtimeId());
            stopper.owe(runtime.runtimeId(), sessionId);
        }
        releaseIfHeld(riff, claim);
        return found;
    }

    /** Records why the riff still has no runtime and when to try again, and gives the claim up. */
    @Transactional(TxType.REQUIRES_NEW)
    Optional<Riff> recordFailure(RiffClaim claim, String error, StartRetry retry) {
        return failureInTransaction(claim, error, retry);
    }

    private Optional<Riff> failureInTransaction(RiffClaim claim, String error, StartRetry retry) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.filter(riff -> claim.token().equals(riff.runtimeClaim)).ifPresent(riff -> {
            RuntimeFields.failure(riff, error);
            if (riff.runtimeId == null) {
                riff.runtimeStatus = null; // gives up a slot reserved for the start
            }
            riff.nextStartAt = retry.nextStartAt();
            if (retry.countsAsAttempt()) {
                riff.startAttempts++;
            }
            releaseIfHeld(riff, claim);
        });
        return found;
    }

    /** Records a status of the riff's runtime (such as {@code missing}), unless the riff moved to another runtime. */
    @Transactional(TxType.REQUIRES_NEW)
    Optional<Riff> recordStatus(RiffClaim claim, String runtimeId, String status) {
        Optional<Riff> found = riffs.lock(claim.riffId());
        found.ifPresent(riff -> {
            if (runtimeId.equals(riff.runtimeId)) {
                RuntimeFields.status(riff, status);
            }
            releaseIfHeld(riff, claim);
        });
        return found;
    }

    /** Records what a look-up outside any claim saw, if the riff still has that runtime. */
    @Transactional(TxType.REQUIRES_NEW)
    Optional<Riff> recordObserved(long riffId, RuntimeInfo runtime) {
        Optional<Riff> found = riffs.lock(riffId);
        found.filter(riff -> runtime.runtimeId().equals(riff.runtimeId)).ifPresent(riff -> RuntimeFields.apply(riff, runtime));
        return found;
    }

    /** Records a status seen by a live look-up, when it differs from the stored one (see the repository's conditions). */
    @Transactional(TxType.REQUIRES_NEW)
    void recordObservedStatus(long riffId, String runtimeId, String status, Instant observedAt) {
        riffs.recordObservedStatus(riffId, runtimeId, status, observedAt);
    }

    private static void releaseIfHeld(Riff riff, RiffClaim claim) {
        if (claim.token().equals(riff.runtimeClaim)) {
            riff.runtimeClaim = null;
            riff.runtimeClaimUntil = null;
        }
    }
}

package dev.vibe.riffs.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.service.RiffClaims.Claimed;
import io.quarkus.logging.Log;

/**
 * Idle auto-pause: pauses each running runtime whose riff no request has concerned for
 * {@link LifecyclePolicy#idlePauseAfter()}, before the runtime-api's own idle clean-up deletes it. Each riff is claimed
 * first (a busy riff is left for the next run), so on any number of replicas a runtime is paused once; the runtime-api
 * is called with nothing held, and the outcome recorded in a short transaction. A reset or resume brings it back.
 */
@ApplicationScoped
class IdlePauses {

    private final RiffRepository riffs;
    private final RuntimeApiClient api;
    private final RiffClaims claims;
    private final RuntimeRecorder recorder;
    private final LifecyclePolicy policy;
    private final LifecycleCounters counters;
    private final int batchSize;

    IdlePauses(RiffRepository riffs, RuntimeApiClient api, RiffClaims claims, RuntimeRecorder recorder, LifecyclePolicy policy,
            LifecycleCounters counters, RuntimeApiConfig config) {
        this.riffs = riffs;
        this.api = api;
        this.claims = claims;
        this.recorder = recorder;
        this.policy = policy;
        this.counters = counters;
        this.batchSize = config.reconciler().batchSize();
    }

    /**
     * Pauses the idle runtimes, batch after batch, until none is left or {@code deadline} passes.
     *
     * @return how many runtimes were paused
     */
    int pauseIdle(Instant deadline) {
        if (!policy.idlePauseOn()) {
            return 0;
        }
        int paused = 0;
        while (Instant.now().isBefore(deadline)) {
            List<Long> idle = findIdle();
            for (Long riffId : idle) {
                if (pauseIfIdle(riffId)) {
                    paused++;
                }
            }
            if (idle.size() < batchSize) {
                break;
            }
        }
        return paused;
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Long> findIdle() {
        return riffs.findIdleRunning(idleBefore(), batchSize);
    }

    private Instant idleBefore() {
        return Clock.now().minus(policy.idlePauseAfter());
    }

    private boolean pauseIfIdle(long riffId) {
        Optional<Claimed> taken = claims.tryClaim(riffId, false);
        if (taken.isEmpty()) {
            return false; // busy (a request or another replica is at it) or gone
        }
        RiffClaim claim = taken.get().claim();
        Riff riff = taken.get().riff();
        if (!"running".equals(riff.runtimeStatus) || riff.runtimeId == null || !LifecyclePolicy.lastActive(riff).isBefore(idleBefore())) {
            claims.release(claim); // used or changed since it was found
            return false;
        }
        boolean found;
        try {
            found = api.pause(riff.runtimeId);
        } catch (RuntimeException e) {
            claims.release(claim);
            throw e;
        }
        recorder.recordStatus(claim, riff.runtimeId, found ? RuntimeState.PAUSED.wireName() : RuntimeFields.MISSING, RuntimeActor.POLICY,
                RuntimeEvents.IDLE_PAUSED);
        if (!found) {
            return false;
        }
        counters.idlePaused();
        Log.infof("Paused idle runtime %s of riff %d (no activity since %s)", riff.runtimeId, riff.id, LifecyclePolicy.lastActive(riff));
        return true;
    }
}

package dev.vibe.riffs.service.reconciler;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.lifecycle.RiffClaim;
import dev.vibe.riffs.service.lifecycle.RiffClaims;
import dev.vibe.riffs.service.lifecycle.RuntimeFields;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder.StatusOutcome;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder;
import dev.vibe.riffs.service.policy.LifecycleCounters;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import io.quarkus.logging.Log;

/**
 * Idle auto-pause: pauses each running runtime idle for {@link LifecyclePolicy#idlePauseAfter()}, before the
 * runtime-api's own idle clean-up deletes it. A runtime is idle since the later of its riff's last activity and its own
 * start (or resume, or adoption), so a runtime just started for a riff untouched for long is not idle. Batches of idle
 * riffs are claimed in one statement (disjoint across replicas, so a runtime is paused once), paused with
 * {@code call-concurrency} calls in flight with nothing held, and their outcomes recorded in one short transaction. A
 * reset or resume brings a paused runtime back.
 */
@ApplicationScoped
public class IdlePauses {

    private final RiffClaimRepository riffs;
    private final RuntimeApiClient api;
    private final RiffClaims claims;
    private final RuntimeRecorder recorder;
    private final LifecyclePolicy policy;
    private final LifecycleCounters counters;
    private final int batchSize;
    private final CallPool calls;

    IdlePauses(RiffClaimRepository riffs, RuntimeApiClient api, RiffClaims claims, RuntimeRecorder recorder, LifecyclePolicy policy,
            LifecycleCounters counters, RuntimeApiConfig config) {
        this.riffs = riffs;
        this.api = api;
        this.claims = claims;
        this.recorder = recorder;
        this.policy = policy;
        this.counters = counters;
        this.batchSize = config.reconciler().batchSize();
        this.calls = new CallPool("runtime-idle-pauses", config.reconciler().callConcurrency());
    }

    @PreDestroy
    void shutdown() {
        calls.shutdown();
    }

    /**
     * Pauses the idle runtimes, batch after batch, until none is left or {@code deadline} passes; stops at the first
     * runtime-api failure (the runtimes not paused stay idle for the next run).
     *
     * @return how many runtimes were paused
     */
    public int pauseIdle(Instant deadline) {
        if (!policy.idlePauseOn()) {
            return 0;
        }
        int paused = 0;
        while (Instant.now().isBefore(deadline)) {
            List<Riff> idle = claimIdle();
            if (idle.isEmpty()) {
                break;
            }
            List<Paused> outcomes = calls.map(idle, this::pause);
            recorder.recordStatuses(outcomes.stream().map(Paused::outcome).toList());
            for (Paused outcome : outcomes) {
                if (outcome.paused()) {
                    paused++;
                    counters.idlePaused();
                    Log.infof("Paused idle runtime %s of riff %d (idle since %s)", outcome.riff().runtimeId, outcome.riff().id,
                            LifecyclePolicy.idleSince(outcome.riff()));
                }
            }
            outcomes.stream().map(Paused::failure).filter(Objects::nonNull).findFirst().ifPresent(failure -> {
                throw failure;
            });
            if (idle.size() < batchSize) {
                break;
            }
        }
        return paused;
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> claimIdle() {
        return riffs.claimIdleRunning(Clock.now().minus(policy.idlePauseAfter()), RiffClaim.newToken(), claims.ttl(), batchSize);
    }

    private Paused pause(Riff riff) {
        RiffClaim claim = new RiffClaim(riff.id, riff.runtimeClaim);
        try {
            boolean found = api.pause(riff.runtimeId);
            RuntimeStatus status = found ? RuntimeStatus.PAUSED : RuntimeStatus.MISSING;
            return new Paused(riff, new StatusOutcome(claim, riff.runtimeId, status, RuntimeActor.POLICY, RuntimeEventReason.IDLE_PAUSED), found, null);
        } catch (RuntimeApiException e) {
            return new Paused(riff, new StatusOutcome(claim, riff.runtimeId, null, RuntimeActor.POLICY, null), false, e);
        }
    }

    /** What the pause of one idle runtime did: its outcome to record, whether it paused, what failed. */
    private record Paused(Riff riff, StatusOutcome outcome, boolean paused, RuntimeApiException failure) {
    }
}

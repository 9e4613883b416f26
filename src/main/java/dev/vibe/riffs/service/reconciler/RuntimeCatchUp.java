package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.lifecycle.ClaimRenewals;
import dev.vibe.riffs.service.lifecycle.ProvisionOutcome;
import dev.vibe.riffs.service.lifecycle.RiffClaim;
import dev.vibe.riffs.service.lifecycle.RiffClaims;
import dev.vibe.riffs.service.lifecycle.RuntimeProvisioner;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder;
import dev.vibe.riffs.service.lifecycle.RuntimeSlots;
import dev.vibe.riffs.service.lifecycle.SessionRuntimes;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import io.quarkus.logging.Log;

/**
 * Gives runtimes to the riffs that have none (created during an outage, say), fast: batches of riffs are claimed
 * (disjoint across replicas), their sessions looked up with one {@code /sessions/batch} call per batch (a live runtime
 * is adopted, never doubled), and the missing runtimes started with {@code provision-concurrency} calls in flight,
 * while the next batch is claimed and looked up. It goes on batch after batch until caught up or out of time; it stops
 * when the runtime-api is unavailable and slows down on {@code 429}. A riff whose start fails is tried again later, after a pause of its own ({@link StartRetry}).
 */
@ApplicationScoped
class RuntimeCatchUp {

    /** Batches whose starts may be under way at once: the next batch is claimed and looked up while one starts. */
    private static final int BATCHES_IN_FLIGHT = 2;

    private final RiffClaimRepository riffs;
    private final SessionRuntimes sessions;
    private final RuntimeProvisioner provisioner;
    private final RuntimeRecorder recorder;
    private final RiffClaims claims;
    private final RuntimeApiConfig.Reconciler config;
    private final Duration longestCall;
    private final RuntimeSlots slots;
    private final LifecyclePolicy policy;
    private final ClaimRenewals renewals;
    private final CallPool starters;

    RuntimeCatchUp(RiffClaimRepository riffs, SessionRuntimes sessions, RuntimeProvisioner provisioner, RuntimeRecorder recorder, RiffClaims claims, RuntimeApiConfig config, RuntimeSlots slots, LifecyclePolicy policy,
            ClaimRenewals renewals) {
        this.renewals = renewals;
        this.riffs = riffs;
        this.slots = slots;
        this.policy = policy;
        this.sessions = sessions;
        this.provisioner = provisioner;
        this.recorder = recorder;
        this.claims = claims;
        this.config = config.reconciler();
        this.longestCall = config.longestCall();
        this.starters = new CallPool("runtime-catch-up", this.config.provisionConcurrency());
    }

    @PreDestroy
    void shutdown() {
        starters.shutdown();
    }

    /** @return how many riffs got a runtime before {@code deadline} */
    int catchUp(Instant deadline) {
        Run run = new Run(deadline);
        Deque<Batch> inFlight = new ArrayDeque<>();
        int provisioned = 0;
        try {
            while (!run.over()) {
                if (inFlight.size() >= BATCHES_IN_FLIGHT) {
                    provisioned += record(inFlight.poll());
                    continue;
                }
                Instant claimedAt = Instant.now();
                List<Riff> batch = claimBatch();
                if (batch.isEmpty()) {
                    break;
                }
                // A start begun later than this could outlast the claim: such riffs wait for the next batch.
                Instant startBy = claimedAt.plus(claims.ttl()).minus(longestCall);
                // Starts may take longer than a claim lasts: the batch's claims are kept alive until their outcomes are recorded.
                Runnable release = renewals.hold(batch.stream().map(RuntimeCatchUp::claimOf).toList());
                inFlight.add(new Batch(batch, provision(batch, run, startBy), release));
            }
        } finally {
            RuntimeException failure = null;
            while (!inFlight.isEmpty()) {
                try {
                    provisioned += record(inFlight.poll());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return provisioned;
    }

    /** Waits for the batch's starts and records their outcomes in one transaction. */
    private int record(Batch batch) {
        try {
            List<ProvisionOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < batch.riffs().size(); i++) {
                outcomes.add(outcomeOf(batch.outcomes().get(i), batch.riffs().get(i)));
            }
            recorder.recordAll(outcomes);
            return (int) outcomes.stream().filter(ProvisionOutcome::provisioned).count();
        } finally {
            batch.releaseClaims().run();
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> claimBatch() {
        Instant now = Clock.now();
        return riffs.claimDueStarts(RiffClaim.newToken(), claims.ttl(), now, now.minus(config.startGrace()), config.batchSize(),
                policy.maxRunningPerUser());
    }

    /** Looks the batch's sessions up and starts what is missing in the background; one pending outcome per riff. */
    private List<CompletableFuture<ProvisionOutcome>> provision(List<Riff> batch, Run run, Instant startBy) {
        Map<String, RuntimeInfo> live;
        try {
            live = sessions.liveBySession(batch.stream().map(riff -> riff.sessionId).toList());
        } catch (RuntimeApiException e) {
            run.stop("session look-up failed: " + e.getMessage());
            return batch.stream()
                    .map(riff -> CompletableFuture.completedFuture(ProvisionOutcome.skipped(claimOf(riff), riff.sessionId)))
                    .toList();
        }
        List<CompletableFuture<ProvisionOutcome>> pending = new ArrayList<>();
        for (Riff riff : batch) {
            RuntimeInfo found = live.get(riff.sessionId);
            if (!admitted(riff, found)) {
                pending.add(CompletableFuture.completedFuture(ProvisionOutcome.skipped(claimOf(riff), riff.sessionId)));
                continue;
            }
            pending.add(starters.submit(() -> provisionOne(riff, found, run, startBy)));
        }
        return pending;
    }

    /**
     * With a per-user cap, a riff that needs a start takes a slot first or stays queued (its claim given up, no attempt
     * counted). Decided one riff at a time, in the batch's order (creation order for queued riffs), so that queued
     * riffs start in the order they were created.
     */
    private boolean admitted(Riff riff, RuntimeInfo live) {
        if (!policy.capOn() || sessions.adoptable(live)) {
            return true;
        }
        return slots.admitOrQueue(claimOf(riff), riff.userId, riff.runtimeStatus, RuntimeActor.RECONCILER).isEmpty();
    }

    private ProvisionOutcome provisionOne(Riff riff, RuntimeInfo live, Run run, Instant startBy) {
        RiffClaim claim = claimOf(riff);
        if (sessions.adoptable(live)) {
            return ProvisionOutcome.provisioned(claim, riff.sessionId, live, false);
        }
        if (!run.awaitTurn() || Instant.now().isAfter(startBy)) {
            return ProvisionOutcome.skipped(claim, riff.sessionId);
        }
        try {
            return ProvisionOutcome.provisioned(claim, riff.sessionId, provisioner.start(riff.sessionId), true);
        } catch (RuntimeApiException e) {
            StartRetry retry = StartRetry.after(e, riff.startAttempts, config);
            if (retry.stopsRun()) {
                run.stop(e.getMessage());
            }
            run.slowDown(retry.slowDownFor());
            return ProvisionOutcome.failed(claim, riff.sessionId, e.getMessage(), retry);
        }
    }

    private static ProvisionOutcome outcomeOf(CompletableFuture<ProvisionOutcome> pending, Riff riff) {
        try {
            return CallPool.await(pending);
        } catch (RuntimeException e) {
            Log.warnf(e, "Provisioning of riff %d failed unexpectedly", riff.id);
            return ProvisionOutcome.skipped(claimOf(riff), riff.sessionId);
        }
    }

    /** A claimed batch and the pending outcomes of its riffs, in the same order. */
    private record Batch(List<Riff> riffs, List<CompletableFuture<ProvisionOutcome>> outcomes, Runnable releaseClaims) {
    }

    private static RiffClaim claimOf(Riff riff) {
        return new RiffClaim(riff.id, riff.runtimeClaim);
    }

    /** One catch-up run: its deadline, whether it must stop, and a pause after a {@code 429}. */
    private static final class Run {

        private final Instant deadline;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong quietUntilNanos = new AtomicLong(System.nanoTime());

        Run(Instant deadline) {
            this.deadline = deadline;
        }

        boolean over() {
            return stopped.get() || !Instant.now().isBefore(deadline);
        }

        void stop(String why) {
            if (stopped.compareAndSet(false, true)) {
                Log.infof("Runtime catch-up stops until the next run: %s", why);
            }
        }

        void slowDown(Duration pause) {
            if (!pause.isZero()) {
                long until = System.nanoTime() + pause.toNanos();
                quietUntilNanos.accumulateAndGet(until, Math::max);
            }
        }

        /** Waits out a slow-down; false when the run is over meanwhile. */
        boolean awaitTurn() {
            while (!over()) {
                long wait = quietUntilNanos.get() - System.nanoTime();
                if (wait <= 0) {
                    return true;
                }
                try {
                    Thread.sleep(Math.min(Duration.ofNanos(wait).toMillis() + 1, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }
}

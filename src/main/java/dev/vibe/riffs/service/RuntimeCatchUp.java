package dev.vibe.riffs.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiException;
import dev.vibe.riffs.runtime.RuntimeInfo;
import io.quarkus.logging.Log;

/**
 * Gives runtimes to the riffs that have none (created during an outage, say), fast: batches of riffs are claimed
 * (disjoint across replicas), their sessions looked up with one {@code /sessions/batch} call per batch (a live runtime
 * is adopted, never doubled), and the missing runtimes started with {@code provision-concurrency} calls in flight.
 * It goes on batch after batch until caught up or out of time; it stops when the runtime-api is unavailable and
 * slows down on {@code 429}. A riff whose start fails is tried again later, after a pause of its own ({@link StartRetry}).
 */
@ApplicationScoped
class RuntimeCatchUp {

    private final RiffRepository riffs;
    private final RuntimeApiClient api;
    private final RuntimeProvisioner provisioner;
    private final RuntimeStopService stops;
    private final RuntimeRecorder recorder;
    private final RiffClaims claims;
    private final RuntimeApiConfig.Reconciler config;
    private final RuntimeSlots slots;
    private final LifecyclePolicy policy;
    private final ClaimRenewals renewals;
    private final ExecutorService starters;

    RuntimeCatchUp(RiffRepository riffs, RuntimeApiClient api, RuntimeProvisioner provisioner, RuntimeStopService stops,
            RuntimeRecorder recorder, RiffClaims claims, RuntimeApiConfig config, RuntimeSlots slots, LifecyclePolicy policy,
            ClaimRenewals renewals) {
        this.renewals = renewals;
        this.riffs = riffs;
        this.slots = slots;
        this.policy = policy;
        this.api = api;
        this.provisioner = provisioner;
        this.stops = stops;
        this.recorder = recorder;
        this.claims = claims;
        this.config = config.reconciler();
        this.starters = Executors.newFixedThreadPool(this.config.provisionConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "runtime-catch-up");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void shutdown() {
        starters.shutdownNow();
    }

    /** @return how many riffs got a runtime before {@code deadline} */
    int catchUp(Instant deadline) {
        int provisioned = 0;
        Run run = new Run(deadline);
        while (!run.over()) {
            List<Riff> batch = claimBatch();
            if (batch.isEmpty()) {
                break;
            }
            // Starts may take longer than a claim lasts: the batch's claims are kept alive until their outcomes are recorded.
            List<ProvisionOutcome> outcomes = renewals.during(batch.stream().map(RuntimeCatchUp::claimOf).toList(),
                    () -> provision(batch, run));
            recorder.recordAll(outcomes);
            provisioned += (int) outcomes.stream().filter(ProvisionOutcome::provisioned).count();
        }
        return provisioned;
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> claimBatch() {
        Instant now = Clock.now();
        return riffs.claimDueStarts(RiffClaim.newToken(), claims.ttl(), now, now.minus(config.startGrace()), config.batchSize(),
                policy.maxRunningPerUser());
    }

    private List<ProvisionOutcome> provision(List<Riff> batch, Run run) {
        Map<String, RuntimeInfo> live;
        try {
            live = api.findSessions(batch.stream().map(riff -> riff.sessionId).toList()).stream()
                    .filter(runtime -> runtime.sessionId() != null && runtime.state().alive())
                    .collect(Collectors.toMap(RuntimeInfo::sessionId, Function.identity(), (first, second) -> first));
        } catch (RuntimeApiException e) {
            run.stop("session look-up failed: " + e.getMessage());
            return batch.stream().map(riff -> ProvisionOutcome.skipped(claimOf(riff), riff.sessionId)).toList();
        }
        List<Future<ProvisionOutcome>> pending = new ArrayList<>();
        for (Riff riff : batch) {
            RuntimeInfo found = live.get(riff.sessionId);
            if (!admitted(riff, found)) {
                pending.add(CompletableFuture.completedFuture(ProvisionOutcome.skipped(claimOf(riff), riff.sessionId)));
                continue;
            }
            pending.add(starters.submit(() -> provisionOne(riff, found, run)));
        }
        List<ProvisionOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            outcomes.add(outcomeOf(pending.get(i), batch.get(i)));
        }
        return outcomes;
    }

    /**
     * With a per-user cap, a riff that needs a start takes a slot first or stays queued (its claim given up, no attempt
     * counted). Decided one riff at a time, in the batch's order (creation order for queued riffs), so that queued
     * riffs start in the order they were created.
     */
    private boolean admitted(Riff riff, RuntimeInfo live) {
        if (!policy.capOn() || (live != null && !stops.isOwed(live.runtimeId()))) {
            return true;
        }
        return slots.admitOrQueue(claimOf(riff), riff.userId, riff.runtimeStatus, RuntimeActor.RECONCILER).isEmpty();
    }

    private ProvisionOutcome provisionOne(Riff riff, RuntimeInfo live, Run run) {
        RiffClaim claim = claimOf(riff);
        if (live != null && !stops.isOwed(live.runtimeId())) {
            return ProvisionOutcome.provisioned(claim, riff.sessionId, live, false);
        }
        if (!run.awaitTurn()) {
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

    private static ProvisionOutcome outcomeOf(Future<ProvisionOutcome> pending, Riff riff) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            Log.warnf(e.getCause(), "Provisioning of riff %d failed unexpectedly", riff.id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProvisionOutcome.skipped(claimOf(riff), riff.sessionId);
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

package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.domain.refresh.RefreshBucketRepository;
import dev.vibe.riffs.domain.refresh.RefreshBucketRepository.LeasedBucket;
import dev.vibe.riffs.domain.refresh.RiffToCheck;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.lifecycle.RuntimeFields;
import dev.vibe.riffs.service.lifecycle.SessionRuntimes;

/**
 * Keeps the stored runtime status of every live riff fresh, in two lanes that take turns, batch after batch, with one
 * {@code /sessions/batch} call per batch and {@code refresh-concurrency} batches in flight:
 * <ul>
 * <li>the fast lane: riffs whose recheck is due ({@code runtime_recheck_at}: their runtime is starting, or a request
 * has just changed it; see {@link StatusRechecks}), so that a runtime that became running is known within seconds,
 * not at the next regular refresh;</li>
 * <li>the regular lane: the live riffs of the buckets ({@link RefreshBucketRepository}) checked longer ago than half
 * of {@code refresh-every}, oldest check first, as many buckets per batch as hold about {@code batch-size} riffs
 * ({@link BucketBatchSize}).</li>
 * </ul>
 * Why half: a bucket due at {@code t} is checked by the first run after it (runs start every {@code interval}) once the
 * buckets due before it are done, so its riffs' statuses stay younger than {@code refresh-every} as long as the refresh
 * gets through what falls due faster than it falls due, with the other half left for the wait and the work. With
 * 100,000 live riffs and the defaults (60 s, 5 s) riffs fall due at about 3,300 a second (34 batch calls), which four
 * batches in flight carry at runtime-api latencies up to about 100 ms. Leases are disjoint across replicas; a checked
 * riff is written only when its status changed, and a bucket whose look-up failed goes back to its earlier check.
 */
@ApplicationScoped
public class RuntimeStatusRefresh {

    private final RiffClaimRepository riffs;
    private final RefreshBucketRepository buckets;
    private final RuntimeApiClient api;
    private final SessionRuntimes sessions;
    private final RuntimeApiConfig.Reconciler config;
    private final RuntimeEvents events;
    private final StatusRechecks rechecks;
    private final CallPool calls;
    private final BucketBatchSize bucketBatchSize;

    protected RuntimeStatusRefresh(RiffClaimRepository riffs, RefreshBucketRepository buckets, RuntimeApiClient api, SessionRuntimes sessions,
            RuntimeApiConfig config, RuntimeEvents events, StatusRechecks rechecks) {
        this.riffs = riffs;
        this.buckets = buckets;
        this.api = api;
        this.sessions = sessions;
        this.config = config.reconciler();
        this.events = events;
        this.rechecks = rechecks;
        this.calls = new CallPool("runtime-status-refresh", this.config.refreshConcurrency());
        this.bucketBatchSize = new BucketBatchSize(this.config.batchSize());
    }

    /** How old a stored status may get before the refresh looks it up again ({@code runtime-api.reconciler.refresh-every}). */
    protected Duration refreshEvery() {
        return config.refreshEvery();
    }

    @PreDestroy
    void shutdown() {
        calls.shutdown();
    }

    /** @return how many riffs had their status refreshed before {@code deadline} */
    int refresh(Instant deadline) {
        Instant runStart = Clock.now();
        Deque<Leased> inFlight = new ArrayDeque<>();
        int refreshed = 0;
        int leases = 0;
        try {
            boolean more = true;
            while (more && Instant.now().isBefore(deadline)) {
                if (inFlight.size() >= config.refreshConcurrency()) {
                    refreshed += record(inFlight.poll());
                    continue;
                }
                Leased next = lease(staleBefore(runStart), leases++ % 2 == 0);
                if (next == null) {
                    more = false;
                } else {
                    inFlight.add(next);
                }
            }
        } finally {
            // Every leased batch is recorded, even when the run stops early (its calls are under way already).
            RuntimeException failure = null;
            while (!inFlight.isEmpty()) {
                try {
                    refreshed += record(inFlight.poll());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return refreshed;
    }

    /**
     * Buckets checked before this are due: half of {@code refresh-every} ago (see the class comment), but never after
     * the run started, so that a bucket checked in this run is never taken again by it. Moving with the clock, a busy
     * run goes on with the buckets falling due meanwhile: with the bound fixed at its start, they waited for the run to
     * end and the next to start, and each run's burst of checks came due again as one burst, which made statuses wait
     * half of {@code refresh-every} plus up to two runs' lengths.
     */
    private Instant staleBefore(Instant runStart) {
        Instant halfAgo = Clock.now().minus(refreshEvery().dividedBy(2));
        return halfAgo.isBefore(runStart) ? halfAgo : runStart;
    }

    /**
     * Leases the next batch and starts its look-up; null when nothing is due. The lanes take turns while both have
     * riffs due, so that a mass start (many runtimes starting at once) never holds the regular refresh up, nor the
     * other way round. Buckets without a live riff are checked without a call.
     */
    private Leased lease(Instant staleBefore, boolean fastLaneFirst) {
        Instant leasedAt = Clock.now();
        Batch batch = leaseBatch(leasedAt, staleBefore, bucketBatchSize.next(), fastLaneFirst);
        if (batch == null) {
            return null;
        }
        List<RiffToCheck> riffsToLookUp = batch.riffs();
        return new Leased(batch, leasedAt, riffsToLookUp.isEmpty() ? CompletableFuture.completedFuture(Map.of()) : calls.submit(() -> lookUp(riffsToLookUp)));
    }

    @Transactional(TxType.REQUIRES_NEW)
    Batch leaseBatch(Instant leasedAt, Instant staleBefore, int bucketsPerBatch, boolean fastLaneFirst) {
        Batch batch = fastLaneFirst ? leaseFastLane(leasedAt) : leaseBuckets(leasedAt, staleBefore, bucketsPerBatch);
        if (batch != null) {
            return batch;
        }
        return fastLaneFirst ? leaseBuckets(leasedAt, staleBefore, bucketsPerBatch) : leaseFastLane(leasedAt);
    }

    private Batch leaseFastLane(Instant leasedAt) {
        List<Riff> due = riffs.leaseDueRechecks(leasedAt, config.batchSize(), rechecks.soonest(), rechecks.latest());
        return due.isEmpty() ? null : new Batch(due.stream().map(RiffToCheck::of).toList(), List.of());
    }

    private Batch leaseBuckets(Instant leasedAt, Instant staleBefore, int bucketsPerBatch) {
        List<LeasedBucket> leased = buckets.leaseStale(leasedAt, staleBefore, bucketsPerBatch);
        if (leased.isEmpty()) {
            return null;
        }
        List<RiffToCheck> live = buckets.liveRiffsOf(leased.stream().map(LeasedBucket::bucket).toList());
        bucketBatchSize.leased(leased.size(), live.size());
        return new Batch(live, leased);
    }

    /**
     * The riffs' runtimes as the runtime-api describes them now: one {@code /sessions/batch} call (a few for long
     * ids), and a look-up by id for a riff whose session has another live runtime than the riff's. Empty for a riff
     * whose runtime the runtime-api no longer knows.
     */
    public Map<Long, Optional<RuntimeInfo>> lookUp(List<RiffToCheck> batch) {
        Map<String, RuntimeInfo> bySession = sessions.bySession(batch.stream().map(RiffToCheck::sessionId).toList());
        Map<Long, Optional<RuntimeInfo>> seen = new HashMap<>();
        for (RiffToCheck riff : batch) {
            seen.put(riff.id(), runtimeOf(riff, bySession.get(riff.sessionId())));
        }
        return seen;
    }

    private Optional<RuntimeInfo> runtimeOf(RiffToCheck riff, RuntimeInfo sessionRuntime) {
        if (sessionRuntime != null && riff.runtimeId().equals(sessionRuntime.runtimeId())) {
            return Optional.of(sessionRuntime);
        }
        if (sessionRuntime == null || !sessionRuntime.state().alive()) {
            return Optional.empty(); // the session has no runtime now, or a newer one that is not alive: ours is gone
        }
        // The session has another live runtime than ours: look ours up by its id.
        return api.findRuntime(riff.runtimeId());
    }

    private int record(Leased leased) {
        Map<Long, Optional<RuntimeInfo>> seen;
        try {
            seen = CallPool.await(leased.lookUp());
        } catch (RuntimeException e) {
            restore(leased.batch().buckets(), leased.leasedAt());
            throw e;
        }
        record(leased.batch(), seen, leased.leasedAt(), Clock.now());
        return leased.batch().riffs().size();
    }

    @Transactional(TxType.REQUIRES_NEW)
    void restore(List<LeasedBucket> leased, Instant leasedAt) {
        buckets.restore(leased, leasedAt);
    }

    @Transactional(TxType.REQUIRES_NEW)
    void record(Batch batch, Map<Long, Optional<RuntimeInfo>> seen, Instant leasedAt, Instant observedAt) {
        List<Long> settled = new ArrayList<>();
        for (RiffToCheck checked : batch.riffs()) {
            RuntimeStatus status = seen.get(checked.id()).map(RuntimeFields::statusOf).orElse(RuntimeStatus.MISSING);
            if (status != checked.runtimeStatus()) {
                if (riffs.recordRefreshedStatus(checked.id(), checked.runtimeId(), status, checked.runtimeStatusAt(), observedAt)) {
                    events.record(riffs.findById(checked.id()), checked.runtimeStatus(), status,
                            status == RuntimeStatus.MISSING ? RuntimeEventReason.MISSING : RuntimeEventReason.OBSERVED, RuntimeActor.RECONCILER, null);
                }
            } else if (batch.fastLane() && checked.runtimeRecheckAt() != null && status != RuntimeStatus.STARTING) {
                settled.add(checked.id());
            }
        }
        riffs.clearRechecks(settled, leasedAt);
    }

    /**
     * Riffs leased together: by their due recheck (the fast lane, no buckets), or as the live riffs of leased buckets.
     */
    record Batch(List<RiffToCheck> riffs, List<LeasedBucket> buckets) {

        boolean fastLane() {
            return buckets.isEmpty();
        }
    }

    /** A leased batch and its look-up under way. */
    private record Leased(Batch batch, Instant leasedAt, CompletableFuture<Map<Long, Optional<RuntimeInfo>>> lookUp) {
    }
}

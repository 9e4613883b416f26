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
 * <li>the regular lane: every riff whose status is older than half of {@code refresh-every}, oldest first.</li>
 * </ul>
 * Why half: a status due at {@code t} is refreshed by the first run after it (runs start every {@code interval}) once the
 * riffs due before it are done, so its age stays under {@code refresh-every} as long as the refresh gets through what
 * falls due faster than it falls due, with the other half left for the wait and the work. With 100,000 live riffs and
 * the defaults (60 s, 5 s) riffs fall due at about 3,300 a second (34 batch calls), which four batches in flight carry
 * at runtime-api latencies up to about 100 ms; a third of {@code refresh-every}, as before, asked for half as many calls
 * again for no gain. Batches are leased (disjoint across replicas); only changed statuses are written.
 */
@ApplicationScoped
public class RuntimeStatusRefresh {

    private final RiffClaimRepository riffs;
    private final RuntimeApiClient api;
    private final SessionRuntimes sessions;
    private final RuntimeApiConfig.Reconciler config;
    private final RuntimeEvents events;
    private final StatusRechecks rechecks;
    private final CallPool calls;

    protected RuntimeStatusRefresh(RiffClaimRepository riffs, RuntimeApiClient api, SessionRuntimes sessions, RuntimeApiConfig config, RuntimeEvents events,
            StatusRechecks rechecks) {
        this.riffs = riffs;
        this.api = api;
        this.sessions = sessions;
        this.config = config.reconciler();
        this.events = events;
        this.rechecks = rechecks;
        this.calls = new CallPool("runtime-status-refresh", this.config.refreshConcurrency());
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
        // Fixed for the run, so that a batch refreshed in this run is never taken again by it.
        Instant staleBefore = Clock.now().minus(staleAfter());
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
                Leased next = lease(staleBefore, leases++ % 2 == 0);
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

    /** A status older than this is refreshed: half of {@code refresh-every} (see the class comment). */
    private Duration staleAfter() {
        return refreshEvery().dividedBy(2);
    }

    /**
     * Leases the next batch and starts its look-up; null when nothing is due. The lanes take turns while both have
     * riffs due, so that a mass start (many runtimes starting at once) never holds the regular refresh up, nor the
     * other way round.
     */
    private Leased lease(Instant staleBefore, boolean fastLaneFirst) {
        Instant leasedAt = Clock.now();
        List<Riff> batch = leaseBatch(leasedAt, staleBefore, fastLaneFirst);
        if (batch.isEmpty()) {
            return null;
        }
        return new Leased(batch, leasedAt, calls.submit(() -> lookUp(batch)));
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> leaseBatch(Instant leasedAt, Instant staleBefore, boolean fastLaneFirst) {
        List<Riff> batch = fastLaneFirst ? leaseFastLane(leasedAt) : riffs.leaseStaleStatuses(leasedAt, staleBefore, config.batchSize());
        if (!batch.isEmpty()) {
            return batch;
        }
        return fastLaneFirst ? riffs.leaseStaleStatuses(leasedAt, staleBefore, config.batchSize()) : leaseFastLane(leasedAt);
    }

    private List<Riff> leaseFastLane(Instant leasedAt) {
        return riffs.leaseDueRechecks(leasedAt, config.batchSize(), rechecks.soonest(), rechecks.latest());
    }

    /**
     * The riffs' runtimes as the runtime-api describes them now: one {@code /sessions/batch} call (a few for long
     * ids), and a look-up by id for a riff whose session has another live runtime than the riff's. Empty for a riff
     * whose runtime the runtime-api no longer knows.
     */
    public Map<Long, Optional<RuntimeInfo>> lookUp(List<Riff> batch) {
        Map<String, RuntimeInfo> bySession = sessions.bySession(batch.stream().map(riff -> riff.sessionId).toList());
        Map<Long, Optional<RuntimeInfo>> seen = new HashMap<>();
        for (Riff riff : batch) {
            seen.put(riff.id, runtimeOf(riff, bySession.get(riff.sessionId)));
        }
        return seen;
    }

    private Optional<RuntimeInfo> runtimeOf(Riff riff, RuntimeInfo sessionRuntime) {
        if (sessionRuntime != null && riff.runtimeId.equals(sessionRuntime.runtimeId())) {
            return Optional.of(sessionRuntime);
        }
        if (sessionRuntime == null || !sessionRuntime.state().alive()) {
            return Optional.empty(); // the session has no runtime now, or a newer one that is not alive: ours is gone
        }
        // The session has another live runtime than ours: look ours up by its id.
        return api.findRuntime(riff.runtimeId);
    }

    private int record(Leased leased) {
        Map<Long, Optional<RuntimeInfo>> seen = CallPool.await(leased.lookUp());
        record(leased.batch(), seen, leased.leasedAt(), Clock.now());
        return leased.batch().size();
    }

    @Transactional(TxType.REQUIRES_NEW)
    void record(List<Riff> batch, Map<Long, Optional<RuntimeInfo>> seen, Instant leasedAt, Instant observedAt) {
        List<Long> settled = new ArrayList<>();
        for (Riff riff : batch) {
            RuntimeStatus status = seen.get(riff.id).map(RuntimeFields::statusOf).orElse(RuntimeStatus.MISSING);
            if (status != riff.runtimeStatus) {
                if (riffs.recordRefreshedStatus(riff.id, riff.runtimeId, status, leasedAt, observedAt)) {
                    events.record(riff, riff.runtimeStatus, status,
                            status == RuntimeStatus.MISSING ? RuntimeEventReason.MISSING : RuntimeEventReason.OBSERVED, RuntimeActor.RECONCILER, null);
                }
            } else if (riff.runtimeRecheckAt != null && status != RuntimeStatus.STARTING) {
                settled.add(riff.id);
            }
        }
        riffs.clearRechecks(settled, leasedAt);
    }

    /** A leased batch and its look-up under way. */
    private record Leased(List<Riff> batch, Instant leasedAt, CompletableFuture<Map<Long, Optional<RuntimeInfo>>> lookUp) {
    }
}

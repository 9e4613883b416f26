package dev.vibe.riffs.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * Keeps the stored runtime status of every live riff fresh: each run refreshes, batch after batch, the riffs whose
 * status is older than a third of {@code refresh-every}, with one {@code /sessions/batch} call per batch, until none
 * is left or the run is out of time. A third leaves room for the wait until the next run and for the time a whole
 * round takes (about 10 s for 15,000 riffs in the benchmark), so every status is younger than {@code refresh-every}. Batches are leased (disjoint across replicas); only changed statuses are written.
 */
@ApplicationScoped
class RuntimeStatusRefresh {

    private final RiffRepository riffs;
    private final RuntimeApiClient api;
    private final RuntimeApiConfig.Reconciler config;

    private final RuntimeEvents events;

    RuntimeStatusRefresh(RiffRepository riffs, RuntimeApiClient api, RuntimeApiConfig config, RuntimeEvents events) {
        this.events = events;
        this.riffs = riffs;
        this.api = api;
        this.config = config.reconciler();
    }

    /** @return how many riffs had their status refreshed before {@code deadline} */
    int refresh(Instant deadline) {
        // Fixed for the run, so that a batch refreshed in this run is never taken again by it.
        Instant staleBefore = Clock.now().minus(config.refreshEvery().dividedBy(3));
        int refreshed = 0;
        do {
            Instant leasedAt = Clock.now();
            List<Riff> batch = lease(leasedAt, staleBefore);
            if (batch.isEmpty()) {
                break;
            }
            refreshed += refreshBatch(batch, leasedAt);
        } while (Instant.now().isBefore(deadline));
        return refreshed;
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> lease(Instant leasedAt, Instant staleBefore) {
        return riffs.leaseStaleStatuses(leasedAt, staleBefore, config.batchSize());
    }

    private int refreshBatch(List<Riff> batch, Instant leasedAt) {
        Map<String, RuntimeInfo> bySession = api.findSessions(batch.stream().map(riff -> riff.sessionId).distinct().toList())
                .stream()
                .filter(runtime -> runtime.sessionId() != null)
                .collect(Collectors.toMap(RuntimeInfo::sessionId, Function.identity(), (first, second) -> first));
        Instant observedAt = Clock.now();
        Map<Riff, String> observed = batch.stream().collect(Collectors.toMap(Function.identity(), riff -> statusOf(riff, bySession.get(riff.sessionId))));
        record(observed, leasedAt, observedAt);
        return batch.size();
    }

    /** The riff's runtime's status as the session look-up tells it, or by its own look-up when that cannot tell. */
    private String statusOf(Riff riff, RuntimeInfo sessionRuntime) {
        if (sessionRuntime != null && riff.runtimeId.equals(sessionRuntime.runtimeId())) {
            return sessionRuntime.state().wireName();
        }
        if (sessionRuntime == null || !sessionRuntime.state().alive()) {
            return RuntimeFields.MISSING; // the session has no runtime now, or a newer one that is not alive: ours is gone
        }
        // The session has another live runtime than ours: look ours up by its id.
        return api.findRuntime(riff.runtimeId).map(own -> own.state().wireName()).orElse(RuntimeFields.MISSING);
    }

    @Transactional(TxType.REQUIRES_NEW)
    void record(Map<Riff, String> observed, Instant leasedAt, Instant observedAt) {
        observed.forEach((riff, status) -> {
            if (!status.equals(riff.runtimeStatus)) {
                if (riffs.recordRefreshedStatus(riff.id, riff.runtimeId, status, leasedAt, observedAt)) {
                    events.record(riff, riff.runtimeStatus, status,
                            RuntimeFields.MISSING.equals(status) ? RuntimeEvents.MISSING : RuntimeEvents.OBSERVED, RuntimeActor.RECONCILER, null);
                }
            }
        });
    }
}

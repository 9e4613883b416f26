package dev.vibe.riffs.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiException;
import dev.vibe.riffs.runtime.RuntimeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Catches up with the runtime-api, in bounded batches per run: performs the stops that could not be done,
 * starts runtimes for riffs that have none (created during an outage), and refreshes the stored runtime status
 * of riffs with one {@code /sessions/batch} call per batch. Several replicas may run it at once: stops are leased
 * and riffs claimed before any runtime-api call, and no transaction is open while one is waited on.
 */
@ApplicationScoped
public class RuntimeReconciler {

    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final RiffRepository riffs;
    private final RiffRuntimeService runtimes;
    private final RuntimeStopService stopper;
    private final RuntimeRecorder recorder;
    private final MeterRegistry registry;

    RuntimeReconciler(RuntimeApiClient api, RuntimeApiConfig config, RiffRepository riffs, RiffRuntimeService runtimes,
            RuntimeStopService stopper, RuntimeRecorder recorder, MeterRegistry registry) {
        this.api = api;
        this.config = config;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.stopper = stopper;
        this.recorder = recorder;
        this.registry = registry;
    }

    @Scheduled(identity = "runtime-reconciler", every = "${runtime-api.reconciler.interval}", delayed = "${runtime-api.reconciler.interval}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = ReconcilerDisabled.class)
    void scheduled(ScheduledExecution execution) {
        reconcile();
    }

    /** One run; safe to call at any time, from any replica. */
    @ActivateRequestContext
    public void reconcile() {
        if (!api.configured()) {
            return;
        }
        int batch = config.reconciler().batchSize();
        try {
            count("stopped", stopper.performDueStops(batch));
            count("started", startMissing(batch));
            count("refreshed", refreshStatuses(batch));
        } catch (RuntimeApiException e) {
            count("failed_runs", 1);
            Log.warnf("Reconciler run cut short, next run in %s: %s", config.reconciler().interval(), e.getMessage());
        }
    }

    private int startMissing(int limit) {
        Instant createdBefore = Clock.now().minus(config.reconciler().startGrace());
        int provisioned = 0;
        for (Long riffId : idsWithoutRuntime(createdBefore, limit)) {
            Optional<Riff> riff = runtimes.provision(riffId);
            if (riff.isEmpty()) {
                continue; // deleted, or a request or another replica is on it
            }
            if (riff.get().runtimeId == null) {
                break; // the runtime-api is failing (recorded on the riff): the next run tries again
            }
            provisioned++;
        }
        return provisioned;
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Long> idsWithoutRuntime(Instant createdBefore, int limit) {
        return riffs.idsWithoutRuntime(createdBefore, limit);
    }

    /** @return how many riffs had their status refreshed */
    int refreshStatuses(int limit) {
        List<Riff> batch = stalestWithRuntime(limit);
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, RuntimeInfo> bySession = api.findSessions(batch.stream().map(riff -> riff.sessionId).distinct().toList())
                .stream()
                .filter(runtime -> runtime.sessionId() != null)
                .collect(Collectors.toMap(RuntimeInfo::sessionId, Function.identity(), (first, second) -> first));
        Instant observedAt = Clock.now();
        for (Riff riff : batch) {
            RuntimeInfo runtime = bySession.get(riff.sessionId);
            if (runtime != null && riff.runtimeId.equals(runtime.runtimeId())) {
                record(riff, runtime.state().wireName(), observedAt);
            } else if (runtime == null || !runtime.state().alive()) {
                // The session has no runtime now, or a newer one that is not alive: ours is gone.
                record(riff, RuntimeFields.MISSING, observedAt);
            } else {
                // The session has another live runtime than ours: look ours up by its id.
                String own = api.findRuntime(riff.runtimeId).map(found -> found.state().wireName()).orElse(RuntimeFields.MISSING);
                record(riff, own, observedAt);
            }
        }
        return batch.size();
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> stalestWithRuntime(int limit) {
        return riffs.stalestWithRuntime(limit);
    }

    private void record(Riff riff, String status, Instant observedAt) {
        if (!status.equals(riff.runtimeStatus)) {
            recorder.recordObservedStatus(riff.id, riff.runtimeId, status, observedAt);
        } else {
            touch(riff.id, riff.runtimeId, observedAt);
        }
    }

    /** Marks an unchanged status as checked, so that the next runs refresh other riffs first. */
    @Transactional(TxType.REQUIRES_NEW)
    void touch(long riffId, String runtimeId, Instant observedAt) {
        riffs.update("runtimeStatusAt = ?1 where id = ?2 and runtimeId = ?3 and (runtimeStatusAt is null or runtimeStatusAt < ?1)",
                observedAt, riffId, runtimeId);
    }

    private void count(String work, int amount) {
        if (amount > 0) {
            registry.counter("runtime_reconciler_work", "kind", work).increment(amount);
        }
    }
}

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
import dev.vibe.riffs.domain.RiffLocks;
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
 * of riffs with one {@code /sessions/batch} call per batch. Several replicas may run it at once: every batch is
 * claimed with {@code FOR UPDATE SKIP LOCKED}, and a riff is only given a runtime under its row lock. A run that
 * cannot reach the database is counted in {@link DatabaseUnavailableWarning}, without a stack trace each time.
 */
@ApplicationScoped
public class RuntimeReconciler {

    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final RiffRepository riffs;
    private final RiffRuntimeService runtimes;
    private final RuntimeStopService stopper;
    private final DatabaseUnavailableWarning databaseWarning;
    private final MeterRegistry registry;

    public RuntimeReconciler(RuntimeApiClient api, RuntimeApiConfig config, RiffRepository riffs, RiffRuntimeService runtimes,
            RuntimeStopService stopper, DatabaseUnavailableWarning databaseWarning, MeterRegistry registry) {
        this.api = api;
        this.config = config;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.stopper = stopper;
        this.databaseWarning = databaseWarning;
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
        } catch (RuntimeException e) {
            if (!databaseWarning.recordIfUnavailable(e)) {
                throw e;
            }
            count("failed_runs", 1); // the next run catches up; the outage is in the database-unavailable warning
        }
    }

    private int startMissing(int limit) {
        Instant createdBefore = Clock.now().minus(config.reconciler().startGrace());
        int provisioned = 0;
        for (Long riffId : riffs.idsWithoutRuntime(createdBefore, limit)) {
            Optional<Riff> riff = runtimes.provision(riffId, RiffLocks.SKIP_LOCKED);
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

    /** @return how many riffs had their status refreshed */
    @Transactional(TxType.REQUIRES_NEW)
    int refreshStatuses(int limit) {
        List<Riff> batch = riffs.lockStalestWithRuntime(limit);
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, RuntimeInfo> bySession = api.findSessions(batch.stream().map(SessionIds::of).distinct().toList())
                .stream()
                .filter(runtime -> runtime.sessionId() != null)
                .collect(Collectors.toMap(RuntimeInfo::sessionId, Function.identity(), (first, second) -> first));
        for (Riff riff : batch) {
            RuntimeInfo runtime = bySession.get(SessionIds.of(riff));
            if (runtime != null && riff.runtimeId.equals(runtime.runtimeId())) {
                RuntimeFields.apply(riff, runtime);
            } else if (runtime == null || !runtime.state().alive()) {
                // The session has no runtime now, or a newer one that is not alive: ours is gone.
                RuntimeFields.missing(riff);
            } else {
                // The session has another live runtime than ours: look ours up by its id.
                api.findRuntime(riff.runtimeId).ifPresentOrElse(own -> RuntimeFields.apply(riff, own), () -> RuntimeFields.missing(riff));
            }
        }
        return batch.size();
    }

    private void count(String work, int amount) {
        if (amount > 0) {
            registry.counter("runtime_reconciler_work", "kind", work).increment(amount);
        }
    }
}

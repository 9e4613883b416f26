package dev.vibe.riffs.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Catches up with the runtime-api, every {@code runtime-api.reconciler.interval}: performs the stops that could not be
 * done, pauses idle runtimes ({@link IdlePauses}), gives runtimes to the riffs that have none ({@link RuntimeCatchUp}),
 * and refreshes stale stored statuses ({@link RuntimeStatusRefresh}), each going on until caught up or the run's
 * budget is spent. Several replicas may run it at once: stops are leased, riffs claimed and refresh batches leased
 * before any runtime-api call, and no transaction is open while one is waited on. A run that cannot reach the database is counted in
 * {@link DatabaseUnavailableWarning}, without a stack trace each time.
 */
@Startup
@ApplicationScoped
public class RuntimeReconciler {

    private static final List<String> KINDS_OF_WORK = List.of("stopped", "started", "refreshed", "failed_runs");

    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final RuntimeStopService stopper;
    private final RuntimeCatchUp catchUp;
    private final RuntimeStatusRefresh refresh;
    private final IdlePauses idlePauses;
    private final DatabaseUnavailableWarning databaseWarning;
    private final MeterRegistry registry;
    private final BackgroundRuns runs;

    RuntimeReconciler(RuntimeApiClient api, RuntimeApiConfig config, RuntimeStopService stopper, RuntimeCatchUp catchUp,
            RuntimeStatusRefresh refresh, IdlePauses idlePauses, DatabaseUnavailableWarning databaseWarning, MeterRegistry registry,
            BackgroundRuns runs) {
        this.runs = runs;
        this.idlePauses = idlePauses;
        this.api = api;
        this.config = config;
        this.stopper = stopper;
        this.catchUp = catchUp;
        this.refresh = refresh;
        this.databaseWarning = databaseWarning;
        this.registry = registry;
        KINDS_OF_WORK.forEach(kind -> counter(kind)); // served from the start, at 0
    }

    @Scheduled(identity = "runtime-reconciler", every = "${runtime-api.reconciler.interval}", delayed = "${runtime-api.reconciler.interval}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = ReconcilerDisabled.class)
    void scheduled(ScheduledExecution execution) {
        runs.run(this::reconcile);
    }

    /** One run; safe to call at any time, from any replica. A span of its own holds the calls and statements it makes. */
    @ActivateRequestContext
    @WithSpan("reconciler run")
    public void reconcile() {
        if (!api.configured()) {
            return;
        }
        Instant deadline = Instant.now().plus(config.reconciler().runBudget());
        try {
            count("stopped", stopper.performDueStops(config.reconciler().batchSize()));
            idlePauses.pauseIdle(deadline); // first, so that the slots it frees go to queued riffs in this run
            count("started", catchUp.catchUp(deadline));
            count("refreshed", refresh.refresh(deadline));
        } catch (RuntimeApiException e) {
            if (runs.stopping()) {
                return; // calls are refused from the application's stop on: no failure of the run
            }
            count("failed_runs", 1);
            Log.warnf("Reconciler run cut short, next run in %s: %s", config.reconciler().interval(), e.getMessage());
        } catch (RuntimeException e) {
            if (!databaseWarning.recordIfUnavailable(e)) {
                throw e;
            }
            count("failed_runs", 1); // the next run catches up; the outage is in the database-unavailable warning
        }
    }

    private void count(String work, int amount) {
        if (amount > 0) {
            counter(work).increment(amount);
        }
    }

    private Counter counter(String kind) {
        return Counter.builder("runtime_reconciler_work").description("What the reconciler did, by kind of work")
                .tag("kind", kind).register(registry);
    }
}

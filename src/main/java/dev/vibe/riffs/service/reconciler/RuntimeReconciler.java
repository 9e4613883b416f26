package dev.vibe.riffs.service.reconciler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.DatabaseUnavailableWarning;
import dev.vibe.riffs.service.lifecycle.RuntimeStopService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;

/**
 * Catches up with the runtime-api, every {@code runtime-api.reconciler.interval}, with four jobs that share each run
 * without waiting on one another: the owed stops ({@link RuntimeStopService}), the idle pauses ({@link IdlePauses}), the
 * catch-up of riffs without a runtime ({@link RuntimeCatchUp}) and the status refresh ({@link RuntimeStatusRefresh}).
 * Each job runs on a thread of its own with its own share of runtime-api calls in flight (its {@link CallPool}), until
 * caught up or {@code run-budget} is spent; each run starts every job that is not still busy with an earlier run, so a
 * catch-up of thousands of riffs never delays the refresh or the idle pauses, nor the other way round. The jobs hold at
 * most one database connection each, only for short transactions, and never an HTTP worker thread. Each job's run is
 * a trace of its own ({@code reconciler <job>}) holding the calls and statements it makes.
 * <p>
 * Several replicas may run them at once: stops are leased, riffs claimed and refresh batches leased before any
 * runtime-api call, and no transaction is open while one is waited on. A job that cannot reach the database is counted
 * in {@link DatabaseUnavailableWarning}, without a stack trace each time.
 */
@Startup
@ApplicationScoped
public class RuntimeReconciler {

    private static final List<String> KINDS_OF_WORK = List.of("stopped", "started", "refreshed", "failed_runs");

    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final DatabaseUnavailableWarning databaseWarning;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final BackgroundRuns backgroundRuns;
    private final List<Job> jobs;
    private final ExecutorService drivers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    RuntimeReconciler(RuntimeApiClient api, RuntimeApiConfig config, RuntimeStopService stopper, RuntimeCatchUp catchUp,
            RuntimeStatusRefresh refresh, IdlePauses idlePauses, DatabaseUnavailableWarning databaseWarning, MeterRegistry registry,
            Tracer tracer, BackgroundRuns backgroundRuns) {
        this.backgroundRuns = backgroundRuns;
        this.api = api;
        this.tracer = tracer;
        this.config = config;
        this.databaseWarning = databaseWarning;
        this.registry = registry;
        this.jobs = List.of(
                new Job("owed stops", "stopped", stopper::performDueStops),
                new Job("idle pauses", null, idlePauses::pauseIdle),
                new Job("catch-up", "started", catchUp::catchUp),
                new Job("status refresh", "refreshed", refresh::refresh));
        KINDS_OF_WORK.forEach(kind -> counter(kind)); // served from the start, at 0
    }

    @PreDestroy
    void shutdown() {
        drivers.shutdownNow();
    }

    /** Starts each job that is not busy with an earlier run, and returns at once. */
    @Scheduled(identity = "runtime-reconciler", every = "${runtime-api.reconciler.interval}", delayed = "${runtime-api.reconciler.interval}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = ReconcilerDisabled.class)
    void scheduled() {
        start(false);
    }

    /**
     * One run of every job, waiting first for any job still busy with an earlier run, and then for the run to end;
     * safe to call at any time, from any replica.
     */
    public void reconcile() {
        start(true).forEach(CompletableFuture::join);
    }

    private List<CompletableFuture<Void>> start(boolean waitForBusyJobs) {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        if (!api.configured()) {
            return runs;
        }
        for (Job job : jobs) {
            if (waitForBusyJobs || !job.busy()) {
                runs.add(CompletableFuture.runAsync(() -> backgroundRuns.run(() -> run(job, waitForBusyJobs)), drivers));
            }
        }
        return runs;
    }

    /** One run of the job, within the run budget from when it starts; skipped if busy and not {@code waitIfBusy}. */
    private void run(Job job, boolean waitIfBusy) {
        if (waitIfBusy) {
            job.lock.lock();
        } else if (!job.lock.tryLock()) {
            return;
        }
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        Span span = tracer.spanBuilder("reconciler " + job.name).setNoParent().startSpan();
        long started = System.nanoTime();
        try (Scope scope = span.makeCurrent()) {
            int done = job.work.apply(Instant.now().plus(config.reconciler().runBudget()));
            if (job.kind != null) {
                count(job.kind, done);
            }
            Log.debugf("Reconciler job %s: %d done in %d ms", job.name, done, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeApiException e) {
            if (backgroundRuns.stopping()) {
                return; // calls are refused from the application's stop on: no failure of the run
            }
            count("failed_runs", 1);
            Log.warnf("Reconciler job %s cut short, next run in %s: %s", job.name, config.reconciler().interval(), e.getMessage());
        } catch (RuntimeException e) {
            count("failed_runs", 1);
            if (!databaseWarning.recordIfUnavailable(e)) { // a database outage is in its own warning; the next run catches up
                Log.errorf(e, "Reconciler job %s failed", job.name);
            }
        } finally {
            span.end();
            requestContext.terminate();
            job.lock.unlock();
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

    /** One of the reconciler's jobs: one run of it at a time on this replica. */
    private static final class Job {

        private final String name;
        private final String kind;
        private final Function<Instant, Integer> work;
        private final ReentrantLock lock = new ReentrantLock();

        Job(String name, String kind, Function<Instant, Integer> work) {
            this.name = name;
            this.kind = kind;
            this.work = work;
        }

        boolean busy() {
            return lock.isLocked();
        }
    }
}

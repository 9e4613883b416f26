package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The scheduled background runs (reconciler, orphan sweep, event retention) end before the application stops. The
 * scheduler waits for no run, so a run under way went on with the beans, transactions and clients of a stopped
 * application and its failures were logged as errors of its trigger (in dev mode, the reconciler's own request to the
 * simulator used to set off the live reload, so every reload found it under way). Now, once the stop begins, no run
 * starts, and the runs under way are waited for, at most {@code runtime-api.reconciler.run-budget}: they end at their
 * next runtime-api call, which {@link dev.vibe.riffs.runtime.RuntimeApiClient} refuses from then on. What a run still
 * meets after the wait (beans or clients that are gone) ends it quietly, as if the replica had died there, which the
 * claims, leases and owed stops are made for.
 */
@ApplicationScoped
public class BackgroundRuns {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Duration waitAtMost;
    private volatile boolean stopping;

    @Inject
    BackgroundRuns(RuntimeApiConfig config) {
        this(config.reconciler().runBudget());
    }

    BackgroundRuns(Duration waitAtMost) {
        this.waitAtMost = waitAtMost;
    }

    /** Runs the job now, unless the application is stopping; the stop waits until it is done. */
    public void run(Runnable job) {
        if (stopping || !lock.readLock().tryLock()) {
            return;
        }
        try {
            if (!stopping) { // the stop began while this run took the lock
                job.run();
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                throw e;
            }
            Log.debugf("Background run ended by the application's stop: %s", e.getMessage());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the application's stop began: a run's calls are refused from then on, which is no failure of the run. */
    public boolean stopping() {
        return stopping;
    }

    /** Right after the runtime-api client stops calling, before any other observer of the stop. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) ShutdownEvent event) {
        stopping = true;
        try {
            if (!lock.writeLock().tryLock(waitAtMost.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warnf("Stopping while a background run goes on after %s", waitAtMost);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

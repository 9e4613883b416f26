package dev.vibe.riffs.service;

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
 * The scheduled background runs (reconciler, orphan sweep, event retention) end before the application stops: once it
 * is stopping no run starts, and the stop waits for the runs in progress, at most {@code runtime-api.reconciler.run-budget}.
 * The scheduler itself waits for none, so a run used to go on with the beans, transactions and clients of a stopped
 * application (every live reload of dev mode, and a pod's stop, logged the errors of such a run) and could even reach
 * the application started in its place.
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
        } finally {
            lock.readLock().unlock();
        }
    }

    /** First among the observers of the stop, so that the runs end before anything else stops. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
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

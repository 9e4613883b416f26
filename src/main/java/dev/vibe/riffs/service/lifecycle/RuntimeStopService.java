package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeOrphanRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.domain.RuntimeStop;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.reconciler.CallPool;
import dev.vibe.riffs.service.reconciler.OrphanSweep;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Stops the runtimes of deleted riffs, and the orphans that {@link OrphanSweep} hands over. A stop is first written
 * down in the transaction that deletes the riff or finds the orphan (so it cannot be forgotten), tried in the
 * background once that commits, and retried by the reconciler (several at once) with growing pauses until the
 * runtime-api confirms it.
 * A stop is leased before its call (its next attempt pushed past the call), so no transaction waits on the
 * runtime-api and no two replicas make the same stop at once.
 */
@ApplicationScoped
public class RuntimeStopService {

    private final RuntimeStopRepository stops;
    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final Event<RuntimeStopOwed> owed;
    private final RuntimeEvents events;
    private final RuntimeOrphanRepository orphans;
    private final ThrottledWarning failedStops = new ThrottledWarning("Runtime stops failed and stay owed", Duration.ofSeconds(30));
    private final CallPool calls;

    public RuntimeStopService(RuntimeStopRepository stops, RuntimeApiClient api, RuntimeApiConfig config, Event<RuntimeStopOwed> owed,
            RuntimeEvents events, RuntimeOrphanRepository orphans) {
        this.calls = new CallPool("runtime-owed-stops", config.reconciler().callConcurrency());
        this.events = events;
        this.orphans = orphans;
        this.stops = stops;
        this.api = api;
        this.config = config;
        this.owed = owed;
    }

    /**
     * Writes down the stop of the riff's runtime, in the caller's transaction, unless it is known to be gone; it is
     * tried once the transaction commits.
     */
    public void owe(Riff riff, RuntimeActor actor, String why) {
        if (riff.runtimeId == null || RuntimeStatus.gone(riff.runtimeStatus)) {
            return;
        }
        owe(riff.runtimeId, riff.sessionId);
        events.record(riff, riff.runtimeStatus, riff.runtimeStatus, RuntimeEventReason.STOP_OWED, actor, why);
    }

    /**
     * Writes down the stop of a runtime, in the caller's transaction; it is tried once the transaction commits.
     *
     * @return whether this call wrote it down (false when it was owed already)
     */
    public boolean owe(String runtimeId, String sessionId) {
        boolean written = stops.enqueue(runtimeId, sessionId, Clock.now());
        owed.fire(new RuntimeStopOwed(runtimeId));
        return written;
    }

    @PreDestroy
    void shutdown() {
        calls.shutdown();
    }

    /** Tries an owed stop in the background once its transaction has committed; what fails stays owed. */
    void stopSoon(@Observes(during = TransactionPhase.AFTER_SUCCESS) RuntimeStopOwed stop) {
        if (!api.configured()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                leaseIfDue(stop.runtimeId()).ifPresent(this::attempt);
            } catch (RuntimeException e) {
                Log.debugf("Stop of runtime %s left to the reconciler: %s", stop.runtimeId(), e.getMessage());
            }
        });
    }

    @Transactional(TxType.REQUIRES_NEW)
    Optional<RuntimeStop> leaseIfDue(String runtimeId) {
        Instant now = Clock.now();
        return stops.leaseIfDue(runtimeId, now, now.plus(lease()));
    }

    @Transactional(TxType.REQUIRES_NEW)
    List<RuntimeStop> leaseDue(int limit) {
        Instant now = Clock.now();
        return stops.leaseDue(now, now.plus(lease()), limit);
    }

    /** Whether a stop of the runtime is owed (a runtime on its way out is never adopted). */
    @Transactional
    public boolean isOwed(String runtimeId) {
        return stops.isPending(runtimeId);
    }

    /**
     * Performs the stops that are due, oldest first, batch after batch, with {@code call-concurrency} calls in flight,
     * until none is due, a batch had a failure (the rest waits for the next run), or {@code deadline} passes.
     *
     * @return how many runtimes were stopped
     */
    public int performDueStops(Instant deadline) {
        int batchSize = config.reconciler().batchSize();
        int stopped = 0;
        while (Instant.now().isBefore(deadline)) {
            List<RuntimeStop> due = leaseDue(batchSize);
            if (due.isEmpty()) {
                break;
            }
            List<String> errors = calls.map(due, this::call);
            recordAll(due, errors);
            boolean failures = false;
            for (int i = 0; i < due.size(); i++) {
                if (errors.get(i) == null) {
                    stopped++;
                    Log.infof("Stopped runtime %s of session %s", due.get(i).runtimeId, due.get(i).sessionId);
                } else {
                    failures = true;
                    reportFailure(due.get(i), errors.get(i));
                }
            }
            if (failures || due.size() < batchSize) {
                break;
            }
        }
        return stopped;
    }

    private boolean attempt(RuntimeStop stop) {
        String error = call(stop);
        if (error != null) {
            failed(stop.id, error);
            reportFailure(stop, error);
            return false;
        }
        done(stop.id);
        Log.infof("Stopped runtime %s of session %s", stop.runtimeId, stop.sessionId);
        return true;
    }

    /** The stop call: null when the runtime-api confirmed it, else why it failed. */
    private String call(RuntimeStop stop) {
        try {
            api.stop(stop.runtimeId);
            return null;
        } catch (RuntimeApiException e) {
            return e.getMessage();
        }
    }

    private void reportFailure(RuntimeStop stop, String error) {
        failedStops.record("runtime " + stop.runtimeId + ", attempt " + (stop.attempts + 1) + ": " + error);
    }

    /** Records the outcomes of a batch of stops (null error: done) in one transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    void recordAll(List<RuntimeStop> batch, List<String> errors) {
        for (int i = 0; i < batch.size(); i++) {
            if (errors.get(i) == null) {
                doneInTransaction(batch.get(i).id);
            } else {
                failedInTransaction(batch.get(i).id, errors.get(i));
            }
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    void done(long stopId) {
        doneInTransaction(stopId);
    }

    private void doneInTransaction(long stopId) {
        stops.findByIdOptional(stopId).ifPresent(stop -> {
            boolean orphan = orphans.findByIdOptional(stop.runtimeId).isPresent();
            events.recordRuntimeGone(stop.runtimeId, stop.sessionId, orphan ? RuntimeEventReason.ORPHAN_STOPPED : RuntimeEventReason.STOPPED,
                    RuntimeActor.RECONCILER, orphan ? "orphan runtime stopped" : "owed stop done");
            stops.delete(stop);
        });
    }

    @Transactional(TxType.REQUIRES_NEW)
    void failed(long stopId, String error) {
        failedInTransaction(stopId, error);
    }

    private void failedInTransaction(long stopId, String error) {
        stops.findByIdOptional(stopId).ifPresent(stop -> {
            stop.attempts++;
            stop.lastError = error;
            stop.nextAttemptAt = nextAttempt(stop.attempts);
        });
    }

    /** Longer than any stop call may take with its retries, so that a lease never ends while its call is running. */
    private Duration lease() {
        return config.longestCall();
    }

    private Instant nextAttempt(int attempts) {
        long seconds = Math.min(1L << Math.min(attempts, 20), config.reconciler().maxStopBackoff().toSeconds());
        return Clock.now().plus(Duration.ofSeconds(seconds));
    }
}

package dev.vibe.riffs.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStop;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiException;
import dev.vibe.riffs.runtime.RuntimeState;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Stops the runtimes of deleted riffs. A stop is first written down in the transaction that deletes the riff
 * (so it cannot be forgotten), tried at once in the background once that commits, and retried by the
 * reconciler with growing pauses until the runtime-api confirms it.
 */
@ApplicationScoped
public class RuntimeStopService {

    private final RuntimeStopRepository stops;
    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;

    public RuntimeStopService(RuntimeStopRepository stops, RuntimeApiClient api, RuntimeApiConfig config) {
        this.stops = stops;
        this.api = api;
        this.config = config;
    }

    /**
     * Writes down the stop of the riff's runtime, in the caller's transaction; the caller holds the riff's lock.
     *
     * @return the runtime id to stop once the transaction commits, or null when there is nothing to stop
     */
    String owe(Riff riff) {
        if (riff.runtimeId == null || RuntimeState.of(riff.runtimeStatus) == RuntimeState.STOPPED
                || RuntimeFields.MISSING.equals(riff.runtimeStatus)) {
            return null;
        }
        stops.enqueue(riff.runtimeId, SessionIds.of(riff), Clock.now());
        return riff.runtimeId;
    }

    /** Tries the owed stops in the background, now; what fails stays owed for the reconciler. */
    void stopSoon(Collection<String> runtimeIds) {
        if (runtimeIds.isEmpty() || !api.configured()) {
            return;
        }
        List<String> ids = List.copyOf(runtimeIds);
        Infrastructure.getDefaultWorkerPool().execute(() -> ids.forEach(this::tryStopNow));
    }

    private void tryStopNow(String runtimeId) {
        try {
            stopOne(runtimeId);
        } catch (RuntimeException e) {
            Log.warnf("Stop of runtime %s left to the reconciler: %s", runtimeId, e.getMessage());
        }
    }

    /** One owed stop, unless another transaction (a replica's reconciler) is on it already. */
    @Transactional(TxType.REQUIRES_NEW)
    void stopOne(String runtimeId) {
        stops.tryLock(runtimeId).ifPresent(this::attempt);
    }

    /**
     * Performs the stops that are due, oldest first, in one transaction that holds their locks.
     *
     * @return how many runtimes were stopped
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int performDueStops(int limit) {
        int stopped = 0;
        for (RuntimeStop stop : stops.lockDue(Clock.now(), limit)) {
            if (attempt(stop)) {
                stopped++;
            }
        }
        return stopped;
    }

    private boolean attempt(RuntimeStop stop) {
        try {
            api.stop(stop.runtimeId);
            stops.delete(stop);
            Log.infof("Stopped runtime %s of deleted riff session %s", stop.runtimeId, stop.sessionId);
            return true;
        } catch (RuntimeApiException e) {
            stop.attempts++;
            stop.lastError = e.getMessage();
            stop.nextAttemptAt = nextAttempt(stop.attempts);
            Log.warnf("Stop of runtime %s failed (attempt %d), retrying after %s: %s", stop.runtimeId, stop.attempts,
                    stop.nextAttemptAt, e.getMessage());
            return false;
        }
    }

    private Instant nextAttempt(int attempts) {
        long seconds = Math.min(1L << Math.min(attempts, 20), config.reconciler().maxStopBackoff().toSeconds());
        return Clock.now().plus(Duration.ofSeconds(seconds));
    }
}

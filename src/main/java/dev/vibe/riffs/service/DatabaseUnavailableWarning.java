package dev.vibe.riffs.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.logging.ThrottledWarning;

import io.quarkus.scheduler.Scheduled;

/**
 * Reports the failures, of requests (answered 503) and of background runs, that are due to the database being
 * unavailable: one WARN line per 10 seconds at most, with their count, however many there are.
 */
@ApplicationScoped
public class DatabaseUnavailableWarning {

    private final ThrottledWarning warning = new ThrottledWarning("Database unavailable", Duration.ofSeconds(10));

    /**
     * Counts the failure if the database being unavailable caused it.
     *
     * @return whether it did
     */
    public boolean recordIfUnavailable(Throwable failure) {
        Throwable cause = DatabaseUnavailable.causeIn(failure);
        if (cause == null) {
            return false;
        }
        warning.record(cause.toString());
        return true;
    }

    @Scheduled(identity = "database-unavailable-warning", every = "1s")
    void flush() {
        warning.flush();
    }
}

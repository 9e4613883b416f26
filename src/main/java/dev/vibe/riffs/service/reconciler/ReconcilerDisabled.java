package dev.vibe.riffs.service.reconciler;

import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** Skips scheduled reconciler runs where {@code runtime-api.reconciler.enabled=false}. */
@Singleton
public class ReconcilerDisabled implements Scheduled.SkipPredicate {

    private final RuntimeApiConfig config;

    public ReconcilerDisabled(RuntimeApiConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.reconciler().enabled();
    }
}

package dev.vibe.riffs.service.reconciler;

import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.config.RuntimeApiConfig.OrphanSweepMode;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips scheduled orphan sweeps where {@code runtime-api.orphan-sweep=off}, where the reconciler is disabled (as in
 * tests, which sweep themselves) or where no runtime-api key is configured.
 */
@Singleton
public class OrphanSweepDisabled implements Scheduled.SkipPredicate {

    private final RuntimeApiConfig config;

    public OrphanSweepDisabled(RuntimeApiConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return config.orphanSweep() == OrphanSweepMode.OFF || !config.reconciler().enabled() || !config.configured();
    }
}

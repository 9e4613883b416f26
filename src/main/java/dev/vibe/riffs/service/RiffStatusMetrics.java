package dev.vibe.riffs.service;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiGuards;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges of the service's state, computed every {@code vibe.metrics.riff-status-interval} rather than at each
 * scrape: riffs by stored runtime status, riffs without a runtime by how long they have waited, the age of the
 * oldest stored status of a live riff; and the state of each runtime-api circuit breaker (0 closed, 1 half open,
 * 2 open).
 */
@Startup
@ApplicationScoped
public class RiffStatusMetrics {

    private final RiffRepository riffs;
    private final DatabaseUnavailableWarning databaseWarning;
    private final MultiGauge riffsByStatus;
    private final MultiGauge riffsWithoutRuntime;
    private final AtomicReference<Double> oldestStatusAge = new AtomicReference<>(0.0);

    public RiffStatusMetrics(RiffRepository riffs, DatabaseUnavailableWarning databaseWarning, RuntimeApiGuards guards,
            MeterRegistry registry) {
        this.riffs = riffs;
        this.databaseWarning = databaseWarning;
        this.riffsByStatus = MultiGauge.builder("riffs_by_runtime_status")
                .description("Riffs by their stored runtime status")
                .register(registry);
        this.riffsWithoutRuntime = MultiGauge.builder("riffs_without_runtime")
                .description("Riffs that have no runtime yet, by how long ago they were created")
                .register(registry);
        Gauge.builder("riffs_status_age_seconds_max", oldestStatusAge, AtomicReference::get)
                .description("Age of the oldest stored runtime status of a live riff (the reconciler refreshes them)")
                .baseUnit("seconds")
                .register(registry);
        for (String breaker : List.of(RuntimeApiGuards.CALLS, RuntimeApiGuards.START)) {
            Gauge.builder("runtime_api_circuit_breaker_state", guards, g -> stateCode(g.circuitBreakerStates().get(breaker)))
                    .description("State of a runtime-api circuit breaker: 0 closed, 1 half open, 2 open")
                    .tags(Tags.of("name", breaker))
                    .register(registry);
        }
    }

    /** While the database is unavailable the gauges keep their last values; the failure is only counted. */
    @Scheduled(identity = "riff-status-metrics", every = "${vibe.metrics.riff-status-interval:30s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!databaseWarning.recordIfUnavailable(e)) {
                throw e;
            }
        }
    }

    @Transactional
    public void refresh() {
        riffsByStatus.register(riffs.countByRuntimeStatus().stream()
                .map(count -> MultiGauge.Row.of(Tags.of("status", count.status()), count.riffs()))
                .toList(), true);
        riffsWithoutRuntime.register(riffs.countWithoutRuntimeByWait().entrySet().stream()
                .map(bucket -> MultiGauge.Row.of(Tags.of("waited", bucket.getKey()), bucket.getValue()))
                .toList(), true);
        oldestStatusAge.set(riffs.oldestLiveStatusAgeSeconds());
    }

    private static double stateCode(String state) {
        return switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
            case "open" -> 2;
            case "half_open" -> 1;
            default -> 0;
        };
    }
}

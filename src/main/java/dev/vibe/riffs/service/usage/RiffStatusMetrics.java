package dev.vibe.riffs.service.usage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.RiffMetricsRepository;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.service.DatabaseUnavailableWarning;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges of the service's state, computed every {@code vibe.metrics.riff-status-interval} rather than at each
 * scrape: riffs by stored runtime status, riffs without a runtime by how long they have waited, the age of the
 * oldest stored status of a live riff, the stops still owed. The circuit breakers' states are SmallRye Fault
 * Tolerance's own {@code ft_circuitbreaker_state_current}.
 */
@Startup
@ApplicationScoped
public class RiffStatusMetrics {

    private final RiffMetricsRepository riffs;
    private final DatabaseUnavailableWarning databaseWarning;
    private final MultiGauge riffsByStatus;
    private final MultiGauge riffsWithoutRuntime;
    private final AtomicReference<Double> oldestStatusAge = new AtomicReference<>(0.0);
    private final AtomicLong owedStops = new AtomicLong();
    private final RuntimeStopRepository stops;

    public RiffStatusMetrics(RiffMetricsRepository riffs, RuntimeStopRepository stops, DatabaseUnavailableWarning databaseWarning,
            MeterRegistry registry) {
        this.riffs = riffs;
        this.stops = stops;
        this.databaseWarning = databaseWarning;
        this.riffsByStatus = MultiGauge.builder("riffs_by_runtime_status")
                .description("Riffs by their stored runtime status")
                .register(registry);
        this.riffsWithoutRuntime = MultiGauge.builder("riffs_without_runtime")
                .description("Riffs that have no runtime yet, by how long ago they were created")
                .register(registry);
        Gauge.builder("riffs_status_age_max", oldestStatusAge, AtomicReference::get)
                .description("Age of the oldest stored runtime status of a live riff (the reconciler refreshes them)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("runtime_stops_owed", owedStops, AtomicLong::get)
                .description("Stops owed to the runtime-api (runtimes of deleted riffs and orphans) not confirmed yet")
                .register(registry);
    }

    /**
     * While the database is unavailable the gauges keep their last values; the failure is only counted. None starts once
     * shutdown has begun: its transaction would fail as the contexts are destroyed, with an ERROR line.
     */
    @Scheduled(identity = "riff-status-metrics", every = "${vibe.metrics.riff-status-interval:30s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
        owedStops.set(stops.count());
    }
}

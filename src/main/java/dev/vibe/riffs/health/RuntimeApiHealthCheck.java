package dev.vibe.riffs.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.health.RuntimeApiHealth;
import dev.vibe.riffs.runtime.health.RuntimeApiHealthProbe;

/**
 * The runtime-api's health in the readiness report: URL, latency and status, never a key. The probe caches its answer,
 * so readiness probes of many pods do not hammer the runtime-api. By default
 * ({@code runtime-api.health.required-for-readiness=false}) the check only informs: it stays up and reports the
 * runtime-api as unhealthy in its data, because an outage of the runtime-api is nothing a pod can fix and taking every
 * pod out of the Service would stop the reads that the database alone can serve. Start-up is gated on it instead
 * ({@link RuntimeApiStartupCheck}). With {@code true} an unhealthy runtime-api makes the pod not ready.
 */
@Readiness
@ApplicationScoped
public class RuntimeApiHealthCheck implements HealthCheck {

    static final String NAME = "runtime-api";

    private final RuntimeApiHealthProbe probe;
    private final RuntimeApiConfig config;

    public RuntimeApiHealthCheck(RuntimeApiHealthProbe probe, RuntimeApiConfig config) {
        this.probe = probe;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        RuntimeApiHealth health = probe.check();
        boolean required = config.health().requiredForReadiness();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(health.healthy() || !required)
                .withData("url", health.url())
                .withData("healthy", health.healthy())
                .withData("http_status", health.httpStatus())
                .withData("latency_ms", health.latencyMillis())
                .withData("checked_at", health.checkedAt().toString())
                .withData("api_key_configured", health.keyConfigured())
                .withData("required_for_readiness", required);
        if (health.error() != null) {
            response.withData("error", health.error());
        }
        return response.build();
    }
}

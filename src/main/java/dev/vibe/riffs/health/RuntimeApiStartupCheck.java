package dev.vibe.riffs.health;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.health.RuntimeApiHealth;
import dev.vibe.riffs.runtime.health.RuntimeApiHealthProbe;

/**
 * Start-up gated on the runtime-api ({@code /q/health/started}): the pod is started once the runtime-api's
 * {@code /health} answers 200 and it accepts our admin key (a look-up of a runtime that does not exist answers
 * {@code 404}, where a refused key answers {@code 401} or {@code 403}). A pod with a wrong URL or key therefore never
 * becomes started, let alone ready, and a rollout of a bad configuration stops there while the old pods keep serving.
 * Once passed it stays passed for the life of the process: a later runtime-api outage is the reconciler's and the
 * requests' business, never a reason to restart or drain pods. Without an admin key the service runs by design (it
 * manages no runtime), so only the health counts then. Reports the URL and never the key.
 */
@Startup
@ApplicationScoped
public class RuntimeApiStartupCheck implements HealthCheck {

    static final String NAME = "runtime-api-startup";

    /** A runtime id no runtime-api ever gives: its look-up tells whether the key is accepted, and nothing else. */
    static final String KEY_CHECK_RUNTIME_ID = "vibe-riffs-startup-key-check";

    private final RuntimeApiHealthProbe probe;
    private final RuntimeApiClient api;
    private final AtomicBoolean passed = new AtomicBoolean();

    public RuntimeApiStartupCheck(RuntimeApiHealthProbe probe, RuntimeApiClient api) {
        this.probe = probe;
        this.api = api;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("url", api.url())
                .withData("api_key_configured", api.configured());
        if (passed.get()) {
            return response.up().build();
        }
        RuntimeApiHealth health = probe.check();
        if (!health.healthy()) {
            return response.down().withData("error", health.error()).build();
        }
        if (api.configured()) {
            try {
                api.findRuntime(KEY_CHECK_RUNTIME_ID);
            } catch (RuntimeApiException e) {
                return response.down().withData("error", "runtime-api key check failed: " + e.getMessage()).build();
            }
        }
        passed.set(true);
        return response.up().build();
    }
}

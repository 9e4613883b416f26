package dev.vibe.riffs.runtime.health;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Checks the runtime-api's health, at most once per {@code runtime-api.health.cache-for}: the status endpoint
 * and the readiness probes of every pod share the answer instead of hammering the runtime-api.
 */
@ApplicationScoped
public class RuntimeApiHealthProbe {

    private final RuntimeApiClient client;
    private final RuntimeApiConfig config;
    private final Guard timeout;
    private RuntimeApiHealth last;

    public RuntimeApiHealthProbe(RuntimeApiClient client, RuntimeApiConfig config) {
        this.client = client;
        this.config = config;
        this.timeout = Guard.create()
                .withDescription("runtime-api-health")
                .withTimeout().duration(config.health().timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    /** The cached result while it is fresh; otherwise one caller checks while the others wait for its answer. */
    public synchronized RuntimeApiHealth check() {
        if (last == null || !last.checkedAt().plus(config.health().cacheFor()).isAfter(Instant.now())) {
            last = checkNow();
        }
        return last;
    }

    private RuntimeApiHealth checkNow() {
        long start = System.nanoTime();
        int status = 0;
        String error = null;
        try {
            status = timeout.get(client::health, Integer.class);
            if (status != 200) {
                error = "runtime-api health answered " + status;
            }
        } catch (TimeoutException e) {
            error = "runtime-api health did not answer within " + config.health().timeout().toMillis() + " ms";
        } catch (RuntimeApiException e) {
            error = e.getMessage();
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        return new RuntimeApiHealth(error == null, config.url(), status, latency, error, config.configured(), Instant.now());
    }
}

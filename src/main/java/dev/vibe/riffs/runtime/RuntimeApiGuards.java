package dev.vibe.riffs.runtime;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotFoundException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Fault tolerance of the runtime-api calls, built from {@link RuntimeApiConfig}: a timeout on every call, a
 * circuit breaker so that an outage fails fast, and, for idempotent calls only, retries with backoff that honour
 * {@code Retry-After}. Each guard is shared by all the calls of its kind, so its circuit breaker stands for the
 * runtime-api as a whole. The breaker counts only the runtime-api's own failures ({@link #isRuntimeApiFailure});
 * this replica's limit on concurrent calls is {@link RuntimeApiAdmission}, outside the guards. {@code /start} and
 * {@code /resume} have a guard of their own, with their long timeout: a slow answer within it is a success, never an
 * outage.
 */
@ApplicationScoped
public class RuntimeApiGuards {

    /** Name of the circuit breaker of the idempotent calls: reads, pause, stop. */
    public static final String CALLS = "runtime-api";
    /** Name of the circuit breaker of {@code /start} and {@code /resume}, which are never retried blindly. */
    public static final String START = "runtime-api-start";

    private final Guard idempotentCalls;
    private final Guard startAndResume;

    public RuntimeApiGuards(RuntimeApiConfig config) {
        RuntimeApiConfig.Retry retry = config.retry();
        this.idempotentCalls = base(config, CALLS, config.callTimeout())
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.initialDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(50, ChronoUnit.MILLIS)
                    .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                    .retryOn(List.of(RuntimeApiTransientException.class, ProcessingException.class))
                    .withCustomBackoff().strategy(RetryAfterBackoff::new).done()
                    .done()
                .build();
        this.startAndResume = base(config, START, config.startAndResumeTimeout()).build();
    }

    /** State of each circuit breaker: closed, open or half_open. */
    public Map<String, String> circuitBreakerStates() {
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : List.of(CALLS, START)) {
            states.put(name, maintenance.currentState(name).name().toLowerCase(Locale.ROOT));
        }
        return states;
    }

    Guard idempotentCalls() {
        return idempotentCalls;
    }

    /** {@code /start} and {@code /resume}: their long timeout, no retry. */
    Guard startAndResume() {
        return startAndResume;
    }

    private static Guard.Builder base(RuntimeApiConfig config, String name, Duration timeout) {
        RuntimeApiConfig.CircuitBreaker breaker = config.circuitBreaker();
        return Guard.create()
                .withDescription(name)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(RuntimeApiGuards::isRuntimeApiFailure)
                    .done();
    }

    /**
     * Whether a failed call says the runtime-api is failing: no answer in time, no connection, a malformed answer,
     * a {@code 5xx}, or a {@code 429} that outlasted the retries. A {@code 4xx} answer is about the request (or our
     * key), and a refusal by our own limits says nothing about the runtime-api.
     */
    static boolean isRuntimeApiFailure(Throwable failure) {
        if (failure instanceof RuntimeApiOverloadedException || failure instanceof RuntimeApiNotConfiguredException
                || failure instanceof RuntimeApiNotFoundException) {
            return false;
        }
        if (failure instanceof RuntimeApiException answered && answered.status() > 0) {
            return answered.status() == 429 || answered.status() >= 500;
        }
        return true;
    }
}

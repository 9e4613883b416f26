package dev.vibe.riffs.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How this service reaches the runtime-api and what it asks it to run. The prefix binds the design's
 * environment variables directly: {@code RUNTIME_API_URL}, {@code RUNTIME_API_STAGING_SECRET}, and
 * {@code RUNTIME_API_IMAGE}, {@code RUNTIME_API_RESET_WAIT} and so on for the rest.
 */
@ConfigMapping(prefix = "runtime-api")
public interface RuntimeApiConfig {

    /** Base URL of the runtime-api. */
    @WithDefault("https://runtime-api-staging.all-hands.dev")
    String url();

    /**
     * The runtime-api admin key, sent as {@code X-API-Key}. Without it the service runs, but starts no
     * runtime and reports runtimes as not configured. Never logged.
     */
    Optional<String> stagingSecret();

    /** Container image of the agent server that each runtime runs. */
    @WithDefault("ghcr.io/all-hands-ai/agent-server:8daf576-python")
    String image();

    /** Command that starts the agent server inside the runtime. */
    @WithDefault("/usr/local/bin/openhands-agent-server --port 60000")
    String command();

    /** Working directory of the agent server. */
    @WithDefault("/")
    String workingDir();

    /** Environment variables given to every runtime (for example {@code runtime-api.environment.LOG_LEVEL=info}). */
    Map<String, String> environment();

    /** Resource factor of a runtime: 1, 2, 4 or 8. */
    @WithDefault("1")
    int resourceFactor();

    /** Kubernetes runtime class of the runtimes, such as {@code sysbox-runc}; the runtime-api's default when absent. */
    Optional<String> runtimeClass();

    /**
     * Longest a single runtime-api call may take, beyond the REST client's own connect and read timeouts
     * ({@code quarkus.rest-client.connect-timeout} and {@code read-timeout}).
     */
    @WithDefault("12S")
    Duration callTimeout();

    /** Retries of idempotent calls (reads, pause, resume, stop) on 429, 502, 503, 504 and network errors. */
    Retry retry();

    /** The circuit breakers in front of the runtime-api. */
    CircuitBreaker circuitBreaker();

    /** Most runtime-api calls in flight at once from this replica; more fail fast instead of queueing. */
    @WithDefault("10")
    int bulkhead();

    /** Agent reset. */
    Reset reset();

    /** The runtime-api health check, shared by {@code /api/runtime/status} and the readiness probe. */
    Health health();

    /** The background reconciler. */
    Reconciler reconciler();

    /** Whether the admin key is set, so that calls which need it may be made. */
    default boolean configured() {
        return stagingSecret().filter(key -> !key.isBlank()).isPresent();
    }

    interface Retry {

        /** Retries after the first attempt. */
        @WithDefault("3")
        int maxRetries();

        /** First backoff; it doubles on each retry, and a {@code Retry-After} answer takes precedence. */
        @WithDefault("200MS")
        Duration initialDelay();

        /**
         * Whole budget of one call, all retries included. Kept well under the 60 s transaction timeout: a reset
         * may make three calls while it holds the riff's lock.
         */
        @WithDefault("15S")
        Duration maxDuration();
    }

    interface CircuitBreaker {

        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Failure ratio in the window that opens the circuit. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open circuit fails fast before it lets trial calls through. */
        @WithDefault("10S")
        Duration delay();

        /** Successful trial calls that close the circuit again. */
        @WithDefault("2")
        int successThreshold();
    }

    interface Health {

        /** Longest wait for {@code GET /health}. */
        @WithDefault("3S")
        Duration timeout();

        /** How long a result is reused, so that probes from many pods do not hammer the runtime-api. */
        @WithDefault("5S")
        Duration cacheFor();

        /**
         * Whether an unhealthy runtime-api makes this service not ready. With {@code false} the check is only
         * informative: pods stay ready (and serve from the database) during a runtime-api outage.
         */
        @WithDefault("true")
        boolean requiredForReadiness();
    }

    interface Reset {

        /**
         * How long a reset waits for its runtime to become usable before it answers {@code 202} with the
         * current state; the client then polls the runtime status endpoint.
         */
        @WithDefault("30S")
        Duration waitBound();

        /** Pause between two looks at a runtime that is not usable yet. */
        @WithDefault("1S")
        Duration pollInterval();
    }

    interface Reconciler {

        /** Whether this replica runs the reconciler (several replicas may run it at once, safely). */
        @WithDefault("true")
        boolean enabled();

        /** Time between two reconciler runs. */
        @WithDefault("15S")
        String interval();

        /** Most riffs (and pending stops) handled per kind of work in one run. */
        @WithDefault("50")
        int batchSize();

        /** A riff created this recently is left to the request that creates it. */
        @WithDefault("10S")
        Duration startGrace();

        /** Longest wait between two attempts at a stop that keeps failing. */
        @WithDefault("5M")
        Duration maxStopBackoff();
    }
}

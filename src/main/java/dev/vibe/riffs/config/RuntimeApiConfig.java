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

    /**
     * Environment variables given to every runtime, beyond the agent server's own (for example
     * {@code runtime-api.environment.DEBUG=true}, which the Flask backend sent).
     */
    Map<String, String> environment();

    /**
     * Resource factor of a runtime ({@code RUNTIME_API_RESOURCE_FACTOR}): 1, 2, 4 or 8; unset, none is sent and the
     * runtime-api's default applies. Checked at start-up.
     */
    Optional<Integer> resourceFactor();

    /** Kubernetes runtime class of the runtimes, such as {@code sysbox-runc}; unset, the runtime-api's default. */
    Optional<String> runtimeClass();

    /**
     * User id the agent server runs as ({@code RUNTIME_API_RUN_AS_USER}); unset, the runtime-api's default. The Flask
     * backend sent {@code 0}, newer clients {@code 10001}.
     */
    Optional<Integer> runAsUser();

    /** Group id the agent server runs as ({@code RUNTIME_API_RUN_AS_GROUP}); unset, the runtime-api's default. */
    Optional<Integer> runAsGroup();

    /** Group that owns the runtime's volumes ({@code RUNTIME_API_FS_GROUP}); unset, the runtime-api's default. */
    Optional<Integer> fsGroup();

    /**
     * When the runtime's image is pulled ({@code RUNTIME_API_IMAGE_PULL_POLICY}): {@code Always}, {@code IfNotPresent} or
     * {@code Never}; unset, the runtime-api's default. Checked at start-up.
     */
    Optional<String> imagePullPolicy();

    /** How long this service waits for the runtime-api's answers, call by call. */
    Timeouts timeouts();

    /**
     * Longest a create, reset, pause or resume holds its client while its runtime-api calls go on
     * ({@code RUNTIME_API_CLIENT_WAIT}). Past it the request answers (a create with the runtime still {@code starting},
     * a reset or resume {@code 202} with it shown {@code starting}, each saying so in {@code runtime_error}; a pause
     * {@code 202} with the riff as stored), and the calls go on in the background under the riff's claim; their outcome
     * is recorded when it comes.
     */
    @WithDefault("10S")
    Duration clientWait();

    /**
     * Longest a single attempt of a call other than {@code /start} and {@code /resume} may take: connecting, then waiting
     * for the answer.
     */
    default Duration callTimeout() {
        return timeouts().connect().plus(timeouts().otherCalls());
    }

    /** Longest a {@code /start} or {@code /resume} may take: connecting, then waiting for the answer. */
    default Duration startAndResumeTimeout() {
        return timeouts().connect().plus(timeouts().startAndResume());
    }

    /** Retries of idempotent calls (reads, pause, stop) on 429, 502, 503, 504 and network errors. */
    Retry retry();

    /** The circuit breakers in front of the runtime-api. */
    CircuitBreaker circuitBreaker();

    /** How many runtime-api calls this replica makes at once, and how the calls beyond that wait. */
    Concurrency concurrency();

    /** The claim a request or reconciler takes on a riff while it changes the riff's runtime. */
    Claim claim();

    /** Live status look-ups of a riff's runtime. */
    Status status();

    /** Agent reset. */
    Reset reset();

    /** The runtime-api health check, shared by {@code /api/runtime/status} and the readiness probe. */
    Health health();

    /** The background reconciler. */
    Reconciler reconciler();

    /**
     * Prefix of the session ids of new riffs ({@code RUNTIME_API_SESSION_PREFIX}): with {@code prod:} a new riff's
     * session is {@code prod:{user_id}:{app_slug}:{riff_slug}}; without one (the default) it is
     * {@code {user_id}:{app_slug}:{riff_slug}}. It must match {@code [A-Za-z0-9_-]+:} (at most 64 characters): as user
     * ids never hold a colon, a session with the prefix cannot be another deployment's unprefixed session, which is
     * what lets the orphan sweep stop runtimes when deployments share one admin key. Each deployment that shares the
     * key needs a prefix of its own. Existing riffs keep the session they were created with; checked at start-up.
     */
    Optional<String> sessionPrefix();

    /**
     * What the orphan sweep does with the runtimes of this deployment that no riff holds
     * ({@code RUNTIME_API_ORPHAN_SWEEP}): {@code off}; {@code report} logs each once and counts them; {@code stop}
     * also stops them after {@code orphan-sweep-grace}, but only those whose session carries
     * {@code session-prefix}. A runtime whose session is not this deployment's is never reported or stopped.
     */
    @WithDefault("report")
    OrphanSweepMode orphanSweep();

    /** Time between two orphan sweeps of a replica; each reads the runtime-api's {@code /list} once. */
    @WithDefault("5M")
    String orphanSweepInterval();

    /**
     * How long a runtime must have been seen as an orphan before {@code stop} mode stops it: it covers a runtime whose
     * riff is not recorded yet, and leaves time to notice a wrong prefix from the report first.
     */
    @WithDefault("10M")
    Duration orphanSweepGrace();

    /**
     * How long a running runtime may go without any request concerning its riff before the service pauses it
     * ({@code RUNTIME_API_IDLE_PAUSE_AFTER}); {@code 0S} turns idle pausing off. Keep it below the runtime-api's own
     * idle clean-up, which deletes a runtime rather than pausing it.
     */
    @WithDefault("15M")
    Duration idlePauseAfter();

    /**
     * Most runtimes of one user that may be starting or running at once ({@code RUNTIME_API_MAX_RUNNING_PER_USER});
     * {@code 0} means no cap. A create beyond it queues the riff; a reset or resume beyond it pauses the user's least
     * recently active runtime that has been idle for {@code cap-evict-min-idle}, or is refused with {@code 429}.
     */
    @WithDefault("0")
    int maxRunningPerUser();

    /**
     * How long a runtime must have been idle before a reset or resume at the cap may pause it to take its slot
     * ({@code RUNTIME_API_CAP_EVICT_MIN_IDLE}); a runtime active more recently is never evicted.
     */
    @WithDefault("2M")
    Duration capEvictMinIdle();

    /**
     * The longest one runtime-api call other than {@code /start} and {@code /resume} may take from the caller's point
     * of view: a wait for a free slot, then the call with its retries. A lease or a wait on someone else's call is at
     * least this long.
     */
    default Duration longestCall() {
        return retry().maxDuration().plus(callTimeout()).plus(concurrency().queueWait());
    }

    /** Whether the admin key is set, so that calls which need it may be made. */
    default boolean configured() {
        return stagingSecret().filter(key -> !key.isBlank()).isPresent();
    }

    /** Modes of the orphan sweep; see {@link #orphanSweep()}. */
    enum OrphanSweepMode {
        OFF,
        REPORT,
        STOP
    }

    /**
     * How long the runtime-api's answers are waited for. The public clients of the runtime-api wait 60 to 300 s for
     * {@code /start} and {@code /resume}, which wait until a pod is scheduled, and 30 s for the rest.
     */
    interface Timeouts {

        /** Longest wait for a connection to the runtime-api ({@code RUNTIME_API_TIMEOUTS_CONNECT}). */
        @WithDefault("2S")
        Duration connect();

        /**
         * Longest wait for the answer of {@code /start} or {@code /resume} ({@code RUNTIME_API_TIMEOUTS_START_AND_RESUME}).
         * Twice the shortest wait of the public clients: a slow pod start still answers, while a call the runtime-api
         * has lost frees its thread and connection within two minutes. No client waits that long ({@code client-wait}),
         * and the riff's claim is renewed meanwhile.
         */
        @WithDefault("120S")
        Duration startAndResume();

        /**
         * Longest wait for the answer of every other call: look-ups, {@code /pause}, {@code /stop}, {@code /list},
         * {@code /health} ({@code RUNTIME_API_TIMEOUTS_OTHER_CALLS}). Shorter than the public clients' 30 s: these
         * answer at once when the runtime-api is well, users wait on them, and they are retried within
         * {@code retry.max-duration}.
         */
        @WithDefault("10S")
        Duration otherCalls();
    }

    interface Retry {

        /** Retries after the first attempt. */
        @WithDefault("3")
        int maxRetries();

        /** First backoff; it doubles on each retry, and a {@code Retry-After} answer takes precedence. */
        @WithDefault("200MS")
        Duration initialDelay();

        /**
         * Whole budget of one call, all retries included. A pause makes three (look-up, {@code /pause}, look-up)
         * under a claim that is not renewed, so three of these must fit in {@code runtime-api.claim.ttl} (creates,
         * resets and resumes renew theirs).
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

    /**
     * Our own limit on runtime-api calls, kept apart from the circuit breaker: a call beyond it is never counted
     * as a runtime-api failure. Size {@code max-in-flight + queue-size} below {@code quarkus.thread-pool.max-threads}
     * so that requests that need no runtime-api call always find a worker thread.
     */
    interface Concurrency {

        /** Runtime-api calls in flight at once from this replica (concurrent look-ups of one runtime count once). */
        @WithDefault("128")
        int maxInFlight();

        /**
         * Calls that may wait for a free slot; beyond that a call is refused at once ({@code 503}). With the calls in
         * flight it covers 256 concurrent requests that each need a call, plus the reconciler's own calls and
         * requests a client gave up on that are still being answered.
         */
        @WithDefault("256")
        int queueSize();

        /** Longest wait for a free slot; a call that waited this long is refused ({@code 503}). */
        @WithDefault("2S")
        Duration queueWait();

        /**
         * The share of {@code max-in-flight} that the calls of one user may hold, in flight and waiting together
         * ({@code RUNTIME_API_CONCURRENCY_USER_SHARE}, above 0, at most 1): a request of that user that needs one more is
         * refused at once with {@code 429}, so that one user's flood never makes other users wait. Calls made for no
         * user's request (the reconciler, the orphan sweep) are not counted; {@code 1} turns the share off.
         */
        @WithDefault("0.5")
        double userShare();

        /** The most calls one user may hold, in flight and waiting: {@code user-share} of {@code max-in-flight}, at least 1. */
        default int maxPerUser() {
            return Math.max(1, (int) Math.floor(userShare() * maxInFlight()));
        }
    }

    interface Claim {

        /**
         * How long a claim on a riff holds unless it is renewed. While a create, reset or resume (or the reconciler's
         * catch-up) works under a claim, the claim is renewed every third of this, so a {@code /start} or
         * {@code /resume} may take longer; a pause's calls must fit in it. A replica that dies mid-call blocks its riff
         * no longer than this.
         */
        @WithDefault("60S")
        Duration ttl();

        /** How long a pause, resume or reset waits for another request's claim on the same riff before {@code 409}. */
        @WithDefault("15S")
        Duration waitFor();
    }

    interface Status {

        /**
         * How long a live status answer is reused for further look-ups of the same runtime; {@code 0S} (the
         * default) reuses only the answer of a look-up still in flight.
         */
        @WithDefault("0S")
        Duration cacheFor();
    }

    interface Health {

        /** Longest wait for {@code GET /health}. */
        @WithDefault("3S")
        Duration timeout();

        /** How long a result is reused, so that probes from many pods do not hammer the runtime-api. */
        @WithDefault("5S")
        Duration cacheFor();

        /**
         * Whether an unhealthy runtime-api makes this service not ready. With {@code false} (the default) the readiness
         * check is only informative: pods stay ready and serve from the database during a runtime-api outage, which
         * is the only way clients still reach their apps and riffs then. The runtime-api's health and the admin key's
         * validity gate start-up instead (the startup check), so a pod with a wrong URL or key never becomes ready.
         */
        @WithDefault("false")
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

        /**
         * Time between two reconciler runs. Each run starts each of the reconciler's jobs (owed stops, idle pauses,
         * catch-up, status refresh) that is not still busy with an earlier run, so a long job never delays another.
         */
        @WithDefault("5S")
        String interval();

        /** How long one run of a job may go on: it works until caught up or this is spent. */
        @WithDefault("30S")
        Duration runBudget();

        /**
         * Riffs claimed or leased per batch (and session ids looked up with one {@code /sessions/batch} call), idle
         * runtimes paused per batch, owed stops leased per batch.
         */
        @WithDefault("100")
        int batchSize();

        /** {@code /start} calls the catch-up makes at once (within the replica's call limit). */
        @WithDefault("16")
        int provisionConcurrency();

        /** {@code /pause} calls of the idle pauses, and {@code /stop} calls of the owed stops, each job makes at once. */
        @WithDefault("8")
        int callConcurrency();

        /** {@code /sessions/batch} calls (a batch each) the status refresh makes at once. */
        @WithDefault("4")
        int refreshConcurrency();

        /**
         * How soon the status refresh looks again at a riff whose runtime is starting, or that a request has just
         * changed (started, resumed, paused): its fast lane. For a runtime that keeps starting, the pause grows with
         * the time it has been starting (a quarter of it), up to five times this, so a mass start does not flood the
         * runtime-api.
         */
        @WithDefault("2S")
        Duration recheckAfter();

        /** A riff created this recently is left to the request that creates it. */
        @WithDefault("10S")
        Duration startGrace();

        /** Pause before the second try of a riff whose start the runtime-api refused; it doubles with each refusal. */
        @WithDefault("10S")
        Duration startBackoff();

        /** Longest pause between two tries of a riff whose start keeps being refused. */
        @WithDefault("30M")
        Duration maxStartBackoff();

        /**
         * Every live riff's stored runtime status is refreshed at least this often: the refresh takes the buckets of
         * riffs checked longer ago than half of it, oldest check first, so the other half covers the wait for the next
         * run and the refresh of everything that became due meanwhile.
         */
        @WithDefault("60S")
        Duration refreshEvery();

        /** Longest wait between two attempts at a stop that keeps failing. */
        @WithDefault("5M")
        Duration maxStopBackoff();
    }
}

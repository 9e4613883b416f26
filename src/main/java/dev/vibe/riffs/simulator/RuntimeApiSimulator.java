package dev.vibe.riffs.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Control of the runtime-api simulator for tests: inspect what the simulated API knows, change how it
 * behaves and inject faults. Thread-safe. Call {@link #reset()} before each test.
 * <p>
 * The simulated API lives under {@code /simulator/runtime-api} of this application and the agent servers of
 * its runtimes under {@code /simulator/agent/{runtime_id}}.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@Unremovable
@ApplicationScoped
public class RuntimeApiSimulator {

    private final RuntimeStore store;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final RuntimeApiSimulatorConfig config;

    RuntimeApiSimulator(RuntimeStore store, FaultInjector faults, RequestLog requestLog,
            RuntimeApiSimulatorConfig config) {
        this.store = store;
        this.faults = faults;
        this.requestLog = requestLog;
        this.config = config;
    }

    /** Forgets every runtime and request, clears every fault and restores the configured start delay. */
    public void reset() {
        store.reset(config.startDelay());
        faults.clear();
        requestLog.clear();
    }

    /** The admin key the simulated API expects in {@code X-API-Key}. */
    public String apiKey() {
        return config.apiKey();
    }

    /** Until {@link #comeBack()}, every API request, {@code /health} included, has its connection closed unanswered. */
    public void goDown() {
        faults.goDown();
    }

    public void comeBack() {
        faults.comeBack();
    }

    /** Delays every API answer by this much (without blocking); {@link Duration#ZERO} ends it. */
    public void slowDown(Duration delay) {
        faults.slowDown(delay);
    }

    /** From now on, {@code POST /start} for this session answers this status (a session the runtime-api refuses for good). */
    public void refuseStartsOf(String sessionId, int status) {
        faults.refuseStartsOf(sessionId, checkedStatus(status));
    }

    /** Ends {@link #refuseStartsOf(String, int)} for the session. */
    public void allowStartsOf(String sessionId) {
        faults.allowStartsOf(sessionId);
    }

    /**
     * Delays every {@code POST /start} answer by this much more (without blocking); {@link Duration#ZERO} ends it. The
     * runtime is made at once: a caller that gives up meanwhile leaves it made, as with the real API.
     */
    public void slowDownStarts(Duration delay) {
        faults.slowDownStarts(delay);
    }

    /** Delays every {@code POST /pause} answer by this much more (without blocking); {@link Duration#ZERO} ends it. */
    public void slowDownPauses(Duration delay) {
        faults.slowDownPauses(delay);
    }

    /** The next {@code count} API requests, {@code /health} included, answer this status and {@code {"detail":"injected"}}. */
    public void failNext(int count, int status) {
        faults.queue(count, InjectedFault.status(checkedStatus(status)));
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header of that many seconds. */
    public void failNextWithRetryAfter(int count, int status, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative");
        }
        faults.queue(count, InjectedFault.statusWithRetryAfter(checkedStatus(status), retryAfterSeconds));
    }

    /** The next {@code count} API requests answer 200, {@code application/json}, with the broken body {@code {"runtime_id": }. */
    public void answerMalformedJsonNext(int count) {
        faults.queue(count, InjectedFault.malformedBody());
    }

    /** The next {@code count} answers that the kind concerns are odd that way ({@link OddAnswer}). */
    public void answerOddly(int count, OddAnswer kind) {
        faults.answerOddly(kind, count);
    }

    /**
     * How long a started or resumed runtime reads as starting. It is read whenever a status is, so it applies
     * to runtimes already starting too: a long delay holds them in {@code starting}, {@link Duration#ZERO}
     * releases them.
     */
    public void setStartDelay(Duration delay) {
        store.setStartDelay(delay);
    }

    /** The newest runtime of the session, as {@code GET /sessions/{session_id}} would answer. */
    public Optional<SimulatedRuntime> runtimeOfSession(String sessionId) {
        return store.newestOfSession(sessionId);
    }

    public Optional<SimulatedRuntime> runtime(String runtimeId) {
        return store.find(runtimeId);
    }

    /** Every runtime the API knows, stopped ones included, oldest first. */
    public List<SimulatedRuntime> runtimes() {
        return store.all();
    }

    /** How many runtimes {@code POST /start} created for the session since the last reset. */
    public int startsOfSession(String sessionId) {
        return store.startsOfSession(sessionId);
    }

    /**
     * How many API requests with this method (e.g. {@code "POST"}) had a path, relative to
     * {@code /simulator/runtime-api}, starting with the prefix (e.g. {@code "/start"}). Every request that
     * reached the simulator counts, including those answered with an injected fault or dropped while down.
     */
    public int requestCount(String method, String pathPrefix) {
        return requestLog.count(method, pathPrefix);
    }

    /** The body of the last {@code POST /start} for the session since the last reset, as the API received it. */
    public Optional<JsonNode> startRequestOf(String sessionId) {
        return requestLog.lastStartOf(sessionId);
    }

    /**
     * Pins the status the API reports for the runtime (e.g. {@code "error"}/{@code "failed"}, or
     * {@code "starting"}/{@code "pending"} forever) until its next pause, resume or stop.
     *
     * @throws IllegalArgumentException when the runtime is unknown
     */
    public void forceStatus(String runtimeId, String status, String podStatus) {
        if (!store.forceStatus(runtimeId, status, podStatus)) {
            throw new IllegalArgumentException("Unknown runtime " + runtimeId);
        }
    }

    /** The API forgets the runtime: 404 for it (and for its session, unless it has another) from now on. */
    public void forget(String runtimeId) {
        store.forget(runtimeId);
    }

    private static int checkedStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        return status;
    }
}

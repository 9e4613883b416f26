package dev.vibe.riffs.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiMalformedAnswerException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotFoundException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The runtime-api as the rest of the service sees it: typed answers, a 404 as an empty value, and fault
 * tolerance on every call ({@link RuntimeApiGuards}), within this replica's limit on concurrent calls
 * ({@link RuntimeApiAdmission}). Answers are read leniently ({@link RuntimeAnswers}): an oddity is counted, never a
 * failure. Reads, pause and stop are retried on transient failures; {@code /start} and {@code /resume} never are
 * (callers look the session up first; a resume is checked by a look-up). Every failure is a {@link RuntimeApiException};
 * without an admin key no call that needs it is made. Each call is timed in the {@code runtime_api_calls} metric by
 * operation and outcome. The contract these calls rely on, status by status: docs/runtime-api.md.
 */
@ApplicationScoped
public class RuntimeApiClient {

    static final String METRIC = "runtime_api_calls";

    private final RuntimeApiRestClients clients;
    private final AgentServerRestClient agentServer;
    private final RuntimeAnswers answers;
    private final RuntimeApiConfig config;
    private final RuntimeApiGuards guards;
    private final RuntimeApiAdmission admission;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public RuntimeApiClient(RuntimeApiRestClients clients, @RestClient AgentServerRestClient agentServer, RuntimeAnswers answers,
            RuntimeApiConfig config, RuntimeApiGuards guards, RuntimeApiAdmission admission, MeterRegistry registry) {
        this.clients = clients;
        this.agentServer = agentServer;
        this.answers = answers;
        this.config = config;
        this.guards = guards;
        this.admission = admission;
        this.registry = registry;
    }

    /**
     * From the application's stop on (when requests are over), every call and retry is refused: the background runs
     * under way end at once instead of calling on with an application that is going away.
     */
    void refuseCallsFromNowOn(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.PLATFORM_BEFORE)
            ShutdownEvent event) {
        stopping = true;
    }

    public boolean configured() {
        return config.configured();
    }

    public String url() {
        return config.url();
    }

    /** @throws RuntimeApiMalformedAnswerException when the answer names no runtime: the start may have gone through */
    public RuntimeInfo start(StartRequest request) {
        Log.debugf("Starting a runtime for session %s", request.sessionId());
        return call("start", guards.startAndResume(),
                () -> answers.runtimeOfSession("start", clients.startAndResume().start(request), request.sessionId()));
    }

    public Optional<RuntimeInfo> findSession(String sessionId) {
        return call("session", guards.idempotentCalls(),
                () -> absentOn404(() -> answers.runtimeOfSession("session", clients.otherCalls().session(sessionId), sessionId)));
    }

    /**
     * The runtimes of these sessions, in one call, or a few when their ids would not fit in one request line
     * ({@link BatchQueries}); sessions without a runtime are left out. An answer with partial items ({@code null}, or
     * without a session or runtime id) cannot say which sessions have no runtime: the sessions it did not account for
     * are then looked up one by one, so that a session is left out only when the runtime-api says it has no runtime.
     */
    public List<RuntimeInfo> findSessions(Collection<String> sessionIds) {
        List<RuntimeInfo> found = new ArrayList<>();
        for (List<String> chunk : BatchQueries.chunks(sessionIds)) {
            RuntimeAnswers.Batch answer = call("sessions_batch", guards.idempotentCalls(),
                    () -> answers.batch("sessions_batch", clients.otherCalls().sessions(chunk)));
            found.addAll(answer.runtimes());
            if (answer.partialItems() > 0) {
                Set<String> accountedFor = answer.runtimes().stream().map(RuntimeInfo::sessionId).collect(Collectors.toSet());
                for (String sessionId : chunk) {
                    if (!accountedFor.contains(sessionId)) {
                        findSession(sessionId).ifPresent(found::add);
                    }
                }
            }
        }
        return found;
    }

    public Optional<RuntimeInfo> findRuntime(String runtimeId) {
        return call("runtime", guards.idempotentCalls(),
                () -> absentOn404(() -> answers.runtimeById("runtime", clients.otherCalls().runtime(runtimeId), runtimeId)));
    }

    /** @return false when the runtime-api does not know the runtime */
    public boolean pause(String runtimeId) {
        return call("pause", guards.idempotentCalls(), () -> absentOn404(() -> {
            clients.otherCalls().pause(new RuntimeIdRequest(runtimeId));
            return Boolean.TRUE;
        })).isPresent();
    }

    /**
     * Resumes a paused runtime, which gets a new session key. Only that key is read from the answer (the rest of it is
     * not reliable): the runtime is looked up right after, and if that look-up fails, what is known is the new key and
     * that the runtime is starting. Never retried, since each resume rotates the key: when a resume gets no usable
     * answer, a look-up tells whether it went through (the runtime is no longer paused, and its key is the new one)
     * before the failure is passed on.
     *
     * @return the resumed runtime with its new key; empty when the runtime-api does not know the runtime
     */
    public Optional<RuntimeInfo> resume(String runtimeId) {
        Optional<ResumeAnswer> answered;
        try {
            answered = call("resume", guards.startAndResume(), () -> absentOn404(() -> new ResumeAnswer(
                    answers.sessionApiKeyOfResume("resume", clients.startAndResume().resume(new RuntimeIdRequest(runtimeId))))));
        } catch (RuntimeApiException e) {
            if (!RuntimeApiGuards.isRuntimeApiFailure(e)) {
                throw e;
            }
            return resumedAfterAll(runtimeId, e);
        }
        if (answered.isEmpty()) {
            return Optional.empty();
        }
        String newKey = answered.get().sessionApiKey();
        try {
            return Optional.of(findRuntime(runtimeId).orElseGet(() -> resumedAsFarAsKnown(runtimeId)).withSessionApiKey(newKey));
        } catch (RuntimeApiException e) {
            Log.debugf("Runtime %s resumed; its look-up failed, so only its new key is known: %s", runtimeId, e.getMessage());
            return Optional.of(resumedAsFarAsKnown(runtimeId).withSessionApiKey(newKey));
        }
    }

    /** After a resume without a usable answer: the runtime as a look-up finds it if the resume went through. */
    private Optional<RuntimeInfo> resumedAfterAll(String runtimeId, RuntimeApiException failure) {
        Optional<RuntimeInfo> now;
        try {
            now = findRuntime(runtimeId);
        } catch (RuntimeApiException lookUpFailed) {
            throw failure;
        }
        if (now.isPresent() && now.get().state() != RuntimeState.PAUSED && now.get().state().alive()) {
            Log.infof("Resume of runtime %s got no usable answer (%s) but went through: taking its key from a look-up",
                    runtimeId, failure.getMessage());
            return now;
        }
        if (now.isEmpty()) {
            return Optional.empty();
        }
        throw failure;
    }

    private static RuntimeInfo resumedAsFarAsKnown(String runtimeId) {
        return new RuntimeInfo(runtimeId, null, null, null, RuntimeState.STARTING.wireName(), null, null, null, null);
    }

    /** Stops the runtime; one that the runtime-api does not know counts as stopped already. */
    public void stop(String runtimeId) {
        call("stop", guards.idempotentCalls(), () -> absentOn404(() -> {
            clients.otherCalls().stop(new RuntimeIdRequest(runtimeId));
            return Boolean.TRUE;
        }));
    }

    /** The runtimes that are not stopped (items without a runtime id left out). */
    public List<RuntimeInfo> list() {
        return call("list", guards.idempotentCalls(), () -> answers.list("list", clients.otherCalls().list()));
    }

    /**
     * {@code GET /health}, which needs no key. Outside the circuit breakers and never retried: it tells what the
     * runtime-api answers now, bounded by the REST client's timeouts.
     *
     * @return the HTTP status of the answer
     * @throws RuntimeApiUnavailableException when no answer came
     */
    public int health() {
        Timer.Sample sample = Timer.start(registry);
        try (Response response = clients.otherCalls().health()) {
            sample.stop(timer("health", "success"));
            return response.getStatus();
        } catch (WebApplicationException answered) {
            sample.stop(timer("health", "error"));
            return answered.getResponse().getStatus();
        } catch (ProcessingException unreachable) {
            sample.stop(timer("health", "unavailable"));
            throw new RuntimeApiUnavailableException("runtime-api unreachable", unreachable);
        }
    }

    /** Whether the runtime's agent server answers {@code GET /alive} with 200 to its session key. */
    public boolean agentServerAlive(String runtimeUrl, String sessionApiKey) {
        if (runtimeUrl == null || sessionApiKey == null) {
            return false;
        }
        try (Response response = agentServer.alive(runtimeUrl, sessionApiKey)) {
            return response.getStatus() == 200;
        } catch (WebApplicationException notAlive) {
            return false;
        } catch (ProcessingException | IllegalArgumentException unreachable) {
            Log.debugf("Agent server not reachable yet: %s", unreachable.getClass().getSimpleName());
            return false;
        }
    }

    private <T> T call(String operation, Guard guard, Supplier<T> call) {
        if (!config.configured()) {
            throw new RuntimeApiNotConfiguredException();
        }
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = admission.run(() -> guarded(guard, () -> {
                if (stopping) {
                    throw new RuntimeApiUnavailableException("the application is stopping", null);
                }
                return call.get();
            }));
            outcome = "success";
            return result;
        } catch (RuntimeApiOverloadedException e) {
            outcome = "refused";
            throw e;
        } catch (RuntimeApiMalformedAnswerException e) {
            outcome = "malformed";
            throw e;
        } catch (RuntimeApiUnavailableException | RuntimeApiTransientException e) {
            outcome = "unavailable";
            throw e;
        } catch (RuntimeApiException e) {
            throw e;
        } catch (CircuitBreakerOpenException e) {
            outcome = "circuit_open";
            throw new RuntimeApiUnavailableException("runtime-api circuit breaker is open", e);
        } catch (TimeoutException e) {
            outcome = "timeout";
            throw new RuntimeApiUnavailableException("runtime-api did not answer in time", e);
        } catch (FaultToleranceException e) {
            outcome = "unavailable";
            throw new RuntimeApiUnavailableException("runtime-api call failed", e);
        } catch (ProcessingException e) {
            if (isReadTimeout(e)) {
                outcome = "timeout";
                throw new RuntimeApiUnavailableException("runtime-api did not answer in time", e);
            }
            outcome = "unavailable";
            throw new RuntimeApiUnavailableException("runtime-api unreachable", e);
        } catch (WebApplicationException e) {
            // Our exception mapper turns every error status into a RuntimeApiException; what is left is a
            // successful status whose body could not be read.
            outcome = "malformed";
            throw new RuntimeApiMalformedAnswerException("runtime-api answered an unreadable body (" + operation + ")");
        } finally {
            sample.stop(timer(operation, outcome));
        }
    }

    /** The guard needs the result type only to tell synchronous calls from asynchronous ones; all of ours are synchronous. */
    @SuppressWarnings("unchecked")
    private static <T> T guarded(Guard guard, Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder(METRIC)
                .description("Calls to the runtime-api, retries included, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                // Buckets, so that percentiles can be computed across pods (histogram_quantile).
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** Whether the REST client gave up waiting for an answer (its read timeout), rather than reaching no server. */
    private static boolean isReadTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getSimpleName();
            if (name.contains("Timeout") && !name.contains("Connect")) {
                return true;
            }
        }
        return false;
    }

    /** What a resume answer says: its new session key, or null when it says none. */
    private record ResumeAnswer(String sessionApiKey) {
    }

    private static <T> Optional<T> absentOn404(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (RuntimeApiNotFoundException notFound) {
            return Optional.empty();
        }
    }
}

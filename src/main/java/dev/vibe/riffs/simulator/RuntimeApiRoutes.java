package dev.vibe.riffs.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vibe.riffs.simulator.JsonViews.StatusView;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The simulated runtime-api, as Vert.x routes under {@value #BASE}; docs/runtime-api.md is the contract it implements. */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class RuntimeApiRoutes {

    static final String BASE = "/simulator/runtime-api";
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final RuntimeStore store;
    private final RuntimeApiGate gate;
    private final FaultInjector faults;
    private final SimulatorJson json;
    private final RuntimeObjects objects;
    private final RequestLog requestLog;

    RuntimeApiRoutes(RuntimeStore store, RuntimeApiGate gate, FaultInjector faults, SimulatorJson json, RuntimeObjects objects,
            RequestLog requestLog) {
        this.requestLog = requestLog;
        this.store = store;
        this.gate = gate;
        this.faults = faults;
        this.json = json;
        this.objects = objects;
    }

    void install(@Observes Router router) {
        // The body is read first: the gate may answer later from a timer, when unread data could be lost.
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route(BASE + "/*").handler(gate::handle);
        router.post(BASE + "/start").handler(this::start);
        router.get(BASE + "/sessions/batch").handler(this::sessionsBatch);
        router.get(BASE + "/sessions/:sessionId").handler(this::session);
        router.get(BASE + "/runtime/:runtimeId").handler(this::runtime);
        router.post(BASE + "/pause").handler(context -> change(context, "paused", store::pause));
        router.post(BASE + "/resume").handler(this::resume);
        router.post(BASE + "/stop").handler(context -> change(context, "stopped", store::stop));
        router.get(BASE + "/list").handler(this::list);
        router.get(BASE + "/health").handler(context -> json.send(context, 200, new StatusView("ok")));
        router.route(BASE + "/*").handler(context -> json.detail(context, 404, "Not found"));
        Log.infof("Runtime-api simulator listens under %s", BASE);
    }

    /**
     * Makes the runtime at once; the answer comes {@link FaultInjector#startDelay()} later when starts are slowed
     * down, so that a caller that gives up meanwhile leaves the runtime made, as with the real API. The body is kept
     * for tests ({@link RuntimeApiSimulator#startRequestOf}).
     */
    private void start(RoutingContext context) {
        Optional<JsonNode> body = json.readObject(context);
        if (body.isEmpty()) {
            json.detail(context, 400, "Request body must be a JSON object");
            return;
        }
        String sessionId = SimulatorJson.text(body.get(), "session_id");
        if (sessionId == null) {
            json.detail(context, 400, "session_id is required");
            return;
        }
        Optional<Integer> refused = faults.refusedStartOf(sessionId);
        if (refused.isPresent()) {
            json.detail(context, refused.get(), "Start refused for session " + sessionId);
            return;
        }
        SimulatedRuntime runtime = store.start(sessionId, SimulatorJson.text(body.get(), "image"),
                agentBaseUrl(context));
        requestLog.recordStart(sessionId, body.get());
        Log.infof("Simulated runtime %s started for session %s", runtime.runtimeId(), sessionId);
        answerLate(context, 201, objects.ofStart(runtime, objects.oddFieldsNow()));
    }

    /** {@code /start} and {@code /resume} answer {@link FaultInjector#startDelay()} after their change is made. */
    private void answerLate(RoutingContext context, int status, JsonNode answer) {
        Duration late = faults.startDelay();
        if (late.isZero()) {
            json.send(context, status, answer);
        } else {
            context.vertx().setTimer(Math.max(1, late.toMillis()), timer -> json.send(context, status, answer));
        }
    }

    private void session(RoutingContext context) {
        String sessionId = context.pathParam("sessionId");
        store.newestOfSession(sessionId).ifPresentOrElse(
                runtime -> json.send(context, 200, objects.ofSessionLookUp(runtime, objects.oddFieldsNow())),
                () -> json.detail(context, 404, "No runtime for session " + sessionId));
    }

    private void sessionsBatch(RoutingContext context) {
        boolean odd = objects.oddFieldsNow();
        boolean withoutSessionIds = faults.takeOdd(OddAnswer.BATCH_ITEMS_WITHOUT_SESSION_ID);
        boolean withoutRuntimeIds = faults.takeOdd(OddAnswer.BATCH_ITEMS_WITHOUT_RUNTIME_ID);
        ArrayNode found = json.newArray();
        if (faults.takeOdd(OddAnswer.NULL_BATCH_ITEM)) {
            found.addNull();
        }
        new LinkedHashSet<>(context.queryParam("ids")).stream()
                .map(store::newestOfSession)
                .flatMap(Optional::stream)
                .map(runtime -> objects.full(runtime, odd))
                .forEach(item -> {
                    if (withoutSessionIds) {
                        item.remove("session_id");
                    }
                    if (withoutRuntimeIds) {
                        item.remove("runtime_id");
                    }
                    found.add(item);
                });
        json.send(context, 200, found);
    }

    private void runtime(RoutingContext context) {
        String runtimeId = context.pathParam("runtimeId");
        store.find(runtimeId).ifPresentOrElse(
                runtime -> json.send(context, 200, objects.full(runtime, objects.oddFieldsNow())),
                () -> json.detail(context, 404, "Runtime " + runtimeId + " not found"));
    }

    private void list(RoutingContext context) {
        boolean odd = objects.oddFieldsNow();
        ObjectNode answer = json.newObject();
        ArrayNode live = answer.putArray("runtimes");
        if (faults.takeOdd(OddAnswer.NULL_LIST_ITEM)) {
            live.addNull();
        }
        store.all().stream()
                .filter(runtime -> !RuntimeStatus.STOPPED.equals(runtime.status()))
                .forEach(runtime -> live.add(objects.full(runtime, odd)));
        json.send(context, 200, answer);
    }

    /**
     * A new session key, made at once; the answer is the runtime, or one of the odd answers queued for resumes, late
     * when starts are slowed down.
     */
    private void resume(RoutingContext context) {
        Optional<String> runtimeId = runtimeIdOf(context);
        if (runtimeId.isEmpty()) {
            return;
        }
        store.resume(runtimeId.get()).ifPresentOrElse(runtime -> {
            Log.infof("Simulated runtime %s resumed", runtime.runtimeId());
            if (faults.takeOdd(OddAnswer.RESUME_ONLY_KEY)) {
                answerLate(context, 200, json.newObject().put("session_api_key", runtime.sessionApiKey()));
            } else if (faults.takeOdd(OddAnswer.RESUME_EMPTY)) {
                json.sendRaw(context, 200, "");
            } else if (faults.takeOdd(OddAnswer.RESUME_NULL)) {
                answerLate(context, 200, NullNode.getInstance());
            } else {
                answerLate(context, 200, objects.full(runtime, objects.oddFieldsNow()));
            }
        }, () -> json.detail(context, 404, "Runtime " + runtimeId.get() + " not found"));
    }

    /** Pause and stop: a body {@code {"runtime_id": ...}}, 404 when the change does not apply. */
    private void change(RoutingContext context, String event, Function<String, Optional<SimulatedRuntime>> change) {
        Optional<String> runtimeId = runtimeIdOf(context);
        if (runtimeId.isEmpty()) {
            return;
        }
        change.apply(runtimeId.get()).ifPresentOrElse(runtime -> {
            Log.infof("Simulated runtime %s %s", runtimeId.get(), event);
            json.send(context, 200, objects.full(runtime, false));
        }, () -> json.detail(context, 404, "Runtime " + runtimeId.get() + " not found"));
    }

    /** The {@code runtime_id} of the request's body; empty, with the 400 answered, when there is none. */
    private Optional<String> runtimeIdOf(RoutingContext context) {
        String runtimeId = json.readObject(context).map(node -> SimulatorJson.text(node, "runtime_id")).orElse(null);
        if (runtimeId == null) {
            json.detail(context, 400, "runtime_id is required");
        }
        return Optional.ofNullable(runtimeId);
    }

    /** Runtime URLs point back at this application, on whatever host and port the request came in. */
    private static String agentBaseUrl(RoutingContext context) {
        URI uri = URI.create(context.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority() + AgentRoutes.BASE;
    }
}

package dev.vibe.riffs.simulator;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.simulator.JsonViews.RuntimeListView;
import dev.vibe.riffs.simulator.JsonViews.RuntimeView;
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

    RuntimeApiRoutes(RuntimeStore store, RuntimeApiGate gate, FaultInjector faults, SimulatorJson json) {
        this.store = store;
        this.gate = gate;
        this.faults = faults;
        this.json = json;
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
        router.post(BASE + "/resume").handler(context -> change(context, "resumed", store::resume));
        router.post(BASE + "/stop").handler(context -> change(context, "stopped", store::stop));
        router.get(BASE + "/list").handler(this::list);
        router.get(BASE + "/health").handler(context -> json.send(context, 200, new StatusView("ok")));
        router.route(BASE + "/*").handler(context -> json.detail(context, 404, "Not found"));
        Log.infof("Runtime-api simulator listens under %s", BASE);
    }

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
        Log.infof("Simulated runtime %s started for session %s", runtime.runtimeId(), sessionId);
        json.send(context, 201, RuntimeView.of(runtime));
    }

    private void session(RoutingContext context) {
        String sessionId = context.pathParam("sessionId");
        store.newestOfSession(sessionId).ifPresentOrElse(
                runtime -> json.send(context, 200, RuntimeView.of(runtime)),
                () -> json.detail(context, 404, "No runtime for session " + sessionId));
    }

    private void sessionsBatch(RoutingContext context) {
        List<RuntimeView> found = new LinkedHashSet<>(context.queryParam("ids")).stream()
                .map(store::newestOfSession)
                .flatMap(Optional::stream)
                .map(RuntimeView::of)
                .toList();
        json.send(context, 200, found);
    }

    private void runtime(RoutingContext context) {
        String runtimeId = context.pathParam("runtimeId");
        store.find(runtimeId).ifPresentOrElse(
                runtime -> json.send(context, 200, RuntimeView.of(runtime)),
                () -> json.detail(context, 404, "Runtime " + runtimeId + " not found"));
    }

    private void list(RoutingContext context) {
        List<RuntimeView> live = store.all().stream()
                .filter(runtime -> !RuntimeStatus.STOPPED.equals(runtime.status()))
                .map(RuntimeView::of)
                .toList();
        json.send(context, 200, new RuntimeListView(live));
    }

    /** Pause, resume and stop: a body {@code {"runtime_id": ...}}, 404 when the change does not apply. */
    private void change(RoutingContext context, String event, Function<String, Optional<SimulatedRuntime>> change) {
        Optional<JsonNode> body = json.readObject(context);
        String runtimeId = body.map(node -> SimulatorJson.text(node, "runtime_id")).orElse(null);
        if (runtimeId == null) {
            json.detail(context, 400, "runtime_id is required");
            return;
        }
        change.apply(runtimeId).ifPresentOrElse(runtime -> {
            Log.infof("Simulated runtime %s %s", runtimeId, event);
            json.send(context, 200, RuntimeView.of(runtime));
        }, () -> json.detail(context, 404, "Runtime " + runtimeId + " not found"));
    }

    /** Runtime URLs point back at this application, on whatever host and port the request came in. */
    private static String agentBaseUrl(RoutingContext context) {
        URI uri = URI.create(context.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority() + AgentRoutes.BASE;
    }
}

package dev.vibe.riffs.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.simulator.JsonViews.StatusView;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The agent server of each simulated runtime, under {@value #BASE}{@code /{runtime_id}}: {@code /alive} and
 * {@code /health} answer 200 only for a running, ready runtime called with its current session key.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class AgentRoutes {

    static final String BASE = "/simulator/agent";
    static final String SESSION_KEY_HEADER = "X-Session-API-Key";

    private final RuntimeStore store;
    private final SimulatorJson json;

    AgentRoutes(RuntimeStore store, SimulatorJson json) {
        this.store = store;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get(BASE + "/:runtimeId/alive").handler(this::alive);
        router.get(BASE + "/:runtimeId/health").handler(this::alive);
    }

    private void alive(RoutingContext context) {
        Optional<SimulatedRuntime> found = store.find(context.pathParam("runtimeId"));
        if (found.isEmpty() || RuntimeStatus.STOPPED.equals(found.get().status())) {
            json.detail(context, 404, "Runtime not found");
            return;
        }
        SimulatedRuntime runtime = found.get();
        if (!hasSessionKey(context, runtime)) {
            json.detail(context, 401, "Invalid or missing " + SESSION_KEY_HEADER);
        } else if (!runtime.isReady()) {
            json.detail(context, 503, "Runtime is " + runtime.status());
        } else {
            json.send(context, 200, new StatusView("ok"));
        }
    }

    private static boolean hasSessionKey(RoutingContext context, SimulatedRuntime runtime) {
        String given = context.request().getHeader(SESSION_KEY_HEADER);
        return given != null && MessageDigest.isEqual(
                runtime.sessionApiKey().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

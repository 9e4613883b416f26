package dev.vibe.riffs.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.simulator.JsonViews.StatusView;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The agent server of each simulated runtime, under {@value #BASE}{@code /{runtime_id}}, as strict as the real one:
 * {@code /alive} and {@code /health} answer without the session key (200 for a running, ready runtime, 503 otherwise),
 * while {@code /api/conversations/search}, like the agent server's other endpoints, needs the runtime's current key in
 * {@code X-Session-API-Key} (401 otherwise): after a resume the new key is accepted and the old one refused.
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
        router.get(BASE + "/:runtimeId/alive").handler(context -> serve(context, false, this::ok));
        router.get(BASE + "/:runtimeId/health").handler(context -> serve(context, false, this::ok));
        router.get(BASE + "/:runtimeId/api/conversations/search").handler(context -> serve(context, true,
                ready -> json.send(ready, 200, new ConversationPage(List.of(), null))));
    }

    private void serve(RoutingContext context, boolean needsKey, Consumer<RoutingContext> answer) {
        Optional<SimulatedRuntime> found = store.find(context.pathParam("runtimeId"));
        if (found.isEmpty() || RuntimeStatus.STOPPED.equals(found.get().status())) {
            json.detail(context, 404, "Runtime not found");
            return;
        }
        SimulatedRuntime runtime = found.get();
        if (needsKey && !hasSessionKey(context, runtime)) {
            json.detail(context, 401, "Invalid or missing " + SESSION_KEY_HEADER);
        } else if (!runtime.isReady()) {
            json.detail(context, 503, "Runtime is " + runtime.status());
        } else {
            answer.accept(context);
        }
    }

    private void ok(RoutingContext context) {
        json.send(context, 200, new StatusView("ok"));
    }

    private static boolean hasSessionKey(RoutingContext context, SimulatedRuntime runtime) {
        String given = context.request().getHeader(SESSION_KEY_HEADER);
        return given != null && MessageDigest.isEqual(
                runtime.sessionApiKey().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** A page of conversations, as the agent server answers its search: always empty here. */
    @RegisterForReflection
    record ConversationPage(List<Object> items, String nextPageId) {
    }
}

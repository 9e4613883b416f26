package dev.vibe.riffs.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every simulated runtime-api request: records it, then applies the injected faults (down,
 * one-request faults, delay) and finally the admin key check, in that order, so that a fault hits every
 * route, {@code /health} included.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class RuntimeApiGate {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String MALFORMED_JSON = "{\"runtime_id\": ";

    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final SimulatorJson json;
    private final byte[] apiKey;

    RuntimeApiGate(FaultInjector faults, RequestLog requestLog, SimulatorJson json, RuntimeApiSimulatorConfig config) {
        this.faults = faults;
        this.requestLog = requestLog;
        this.json = json;
        this.apiKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    void handle(RoutingContext context) {
        String method = context.request().method().name();
        String path = relativePath(context);
        requestLog.record(method, path);
        if (faults.isDown()) {
            Log.debugf("Simulated runtime-api is down: closing the connection of %s %s", method, path);
            context.request().connection().close();
            return;
        }
        Optional<InjectedFault> fault = faults.takeNext();
        Duration delay = isPause(context) ? faults.delay().plus(faults.pauseDelay()) : faults.delay(); // a start's own delay comes after the runtime is made (RuntimeApiRoutes)
        if (delay.isZero()) {
            proceed(context, fault);
        } else {
            context.vertx().setTimer(Math.max(1, delay.toMillis()), timer -> proceed(context, fault));
        }
    }

    private void proceed(RoutingContext context, Optional<InjectedFault> fault) {
        if (context.response().closed()) {
            return;
        }
        if (fault.isPresent()) {
            answer(context, fault.get());
        } else if (isHealth(context) || hasApiKey(context)) {
            context.next();
        } else {
            json.detail(context, 401, "Invalid or missing " + API_KEY_HEADER);
        }
    }

    private void answer(RoutingContext context, InjectedFault fault) {
        Log.debugf("Simulated runtime-api injects %s into %s %s",
                fault.malformedJson() ? "malformed JSON" : "status " + fault.status(),
                context.request().method().name(), relativePath(context));
        if (fault.malformedJson()) {
            json.sendRaw(context, 200, MALFORMED_JSON);
            return;
        }
        if (fault.hasRetryAfter()) {
            context.response().putHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        json.detail(context, fault.status(), "injected");
    }

    private boolean hasApiKey(RoutingContext context) {
        String given = context.request().getHeader(API_KEY_HEADER);
        return given != null && MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isPause(RoutingContext context) {
        return context.request().method() == HttpMethod.POST && "/pause".equals(relativePath(context));
    }

    private static boolean isHealth(RoutingContext context) {
        return context.request().method() == HttpMethod.GET && "/health".equals(relativePath(context));
    }

    private static String relativePath(RoutingContext context) {
        String path = context.normalizedPath();
        return path.length() > RuntimeApiRoutes.BASE.length() ? path.substring(RuntimeApiRoutes.BASE.length()) : "/";
    }
}

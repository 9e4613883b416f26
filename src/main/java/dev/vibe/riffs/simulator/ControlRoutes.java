package dev.vibe.riffs.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.simulator.JsonViews.ControlRuntimeListView;
import dev.vibe.riffs.simulator.JsonViews.ControlRuntimeView;
import dev.vibe.riffs.simulator.JsonViews.ErrorView;
import dev.vibe.riffs.simulator.JsonViews.FaultsView;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The simulator's control page, {@value #UI}, and the JSON endpoints behind it, under {@value #BASE}: list the
 * simulated runtimes, and inject and clear the faults that tests inject through {@link RuntimeApiSimulator}. Dev and
 * test builds only, like the rest of the simulator.
 * <p>
 * Every {@code POST} must say {@code Content-Type: application/json}: a page of another site cannot send that without
 * a CORS preflight, which this application does not allow, so it cannot click the buttons for you.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class ControlRoutes {

    static final String BASE = "/simulator/control";
    static final String UI = "/simulator/ui";
    private static final String PAGE_RESOURCE = "simulator-ui.html";
    private static final long MAX_BODY_BYTES = 4 * 1024;
    private static final int MAX_COUNT = 10_000;
    private static final long MAX_DELAY_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final int MAX_RETRY_AFTER_SECONDS = 3_600;

    private final RuntimeStore store;
    private final FaultInjector faults;
    private final SimulatorJson json;
    private final String page;

    ControlRoutes(RuntimeStore store, FaultInjector faults, SimulatorJson json) {
        this.store = store;
        this.faults = faults;
        this.json = json;
        this.page = readPage();
    }

    void install(@Observes Router router) {
        router.get(UI).handler(this::page);
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get(BASE + "/runtimes").handler(this::runtimes);
        router.get(BASE + "/faults").handler(this::faults);
        router.post(BASE + "/*").handler(this::requireJson);
        router.post(BASE + "/go-down").handler(context -> change(context, faults::goDown));
        router.post(BASE + "/come-back").handler(context -> change(context, faults::comeBack));
        router.post(BASE + "/slow-down").handler(this::slowDown);
        router.post(BASE + "/slow-down-starts").handler(this::slowDownStarts);
        router.post(BASE + "/fail-next").handler(this::failNext);
        router.post(BASE + "/answer-oddly").handler(this::answerOddly);
        router.post(BASE + "/clear").handler(context -> change(context, faults::clear));
        router.post(BASE + "/runtimes/:runtimeId/forget").handler(this::forget);
        router.post(BASE + "/runtimes/:runtimeId/fail").handler(this::fail);
        router.route(BASE + "/*").handler(context -> error(context, 404, "Not found"));
        Log.infof("Runtime-api simulator control page at %s", UI);
    }

    private void page(RoutingContext context) {
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(page);
    }

    private void runtimes(RoutingContext context) {
        json.send(context, 200, new ControlRuntimeListView(store.all().stream().map(ControlRuntimeView::of).toList()));
    }

    private void faults(RoutingContext context) {
        json.send(context, 200, FaultsView.of(faults));
    }

    private void requireJson(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(SimulatorJson.APPLICATION_JSON)) {
            error(context, 415, "Content-Type must be application/json");
            return;
        }
        context.next();
    }

    private void change(RoutingContext context, Runnable change) {
        change.run();
        Log.infof("Runtime-api simulator faults now: %s", FaultsView.of(faults));
        faults(context);
    }

    /** {@code {"delay_ms": n}}: every API answer comes that much later; 0 ends it. */
    private void slowDown(RoutingContext context) {
        Optional<JsonNode> body = json.readObject(context);
        Optional<Long> delay = body.flatMap(node -> whole(node, "delay_ms", 0, MAX_DELAY_MILLIS));
        if (delay.isEmpty()) {
            error(context, 400, "delay_ms must be a whole number from 0 to " + MAX_DELAY_MILLIS);
            return;
        }
        change(context, () -> faults.slowDown(Duration.ofMillis(delay.get())));
    }

    /**
     * {@code {"delay_ms": n}}: {@code POST /start} makes its runtime at once and answers n ms later (on top of any
     * {@code slow-down}); 0 ends it.
     */
    private void slowDownStarts(RoutingContext context) {
        Optional<Long> delay = json.readObject(context).flatMap(node -> whole(node, "delay_ms", 0, MAX_DELAY_MILLIS));
        if (delay.isEmpty()) {
            error(context, 400, "delay_ms must be a whole number from 0 to " + MAX_DELAY_MILLIS);
            return;
        }
        change(context, () -> faults.slowDownStarts(Duration.ofMillis(delay.get())));
    }

    /** {@code {"count": n, "kind": k}}: the next n answers that k concerns are odd that way ({@link OddAnswer}). */
    private void answerOddly(RoutingContext context) {
        Optional<JsonNode> body = json.readObject(context);
        Optional<Long> count = body.flatMap(node -> whole(node, "count", 1, MAX_COUNT));
        Optional<OddAnswer> kind = body.map(node -> SimulatorJson.text(node, "kind")).flatMap(OddAnswer::ofWireName);
        if (count.isEmpty() || kind.isEmpty()) {
            error(context, 400, "count must be a whole number from 1 to " + MAX_COUNT + " and kind one of "
                    + Arrays.stream(OddAnswer.values()).map(OddAnswer::wireName).toList());
            return;
        }
        change(context, () -> faults.answerOddly(kind.get(), count.get().intValue()));
    }

    /** {@code {"count": n, "status": s, "retry_after_seconds": r?}}: the next n API requests answer s. */
    private void failNext(RoutingContext context) {
        Optional<JsonNode> body = json.readObject(context);
        Optional<Long> count = body.flatMap(node -> whole(node, "count", 1, MAX_COUNT));
        Optional<Long> status = body.flatMap(node -> whole(node, "status", 100, 599));
        if (count.isEmpty() || status.isEmpty()) {
            error(context, 400, "count must be a whole number from 1 to " + MAX_COUNT + " and status an HTTP status");
            return;
        }
        InjectedFault fault;
        if (body.get().hasNonNull("retry_after_seconds")) {
            Optional<Long> retryAfter = whole(body.get(), "retry_after_seconds", 0, MAX_RETRY_AFTER_SECONDS);
            if (retryAfter.isEmpty()) {
                error(context, 400, "retry_after_seconds must be a whole number from 0 to " + MAX_RETRY_AFTER_SECONDS);
                return;
            }
            fault = InjectedFault.statusWithRetryAfter(status.get().intValue(), retryAfter.get().intValue());
        } else {
            fault = InjectedFault.status(status.get().intValue());
        }
        change(context, () -> faults.queue(count.get().intValue(), fault));
    }

    /** The API forgets the runtime: 404 for it from now on. */
    private void forget(RoutingContext context) {
        String runtimeId = context.pathParam("runtimeId");
        if (store.find(runtimeId).isEmpty()) {
            error(context, 404, "Unknown runtime " + runtimeId);
            return;
        }
        store.forget(runtimeId);
        Log.infof("Simulated runtime %s forgotten", runtimeId);
        runtimes(context);
    }

    /** The runtime reads as {@code error}/{@code failed} until its next pause, resume or stop. */
    private void fail(RoutingContext context) {
        String runtimeId = context.pathParam("runtimeId");
        if (!store.forceStatus(runtimeId, "error", "failed")) {
            error(context, 404, "Unknown runtime " + runtimeId);
            return;
        }
        Log.infof("Simulated runtime %s failed", runtimeId);
        runtimes(context);
    }

    private void error(RoutingContext context, int status, String message) {
        json.send(context, status, new ErrorView(message));
    }

    private static Optional<Long> whole(JsonNode object, String field, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            return Optional.empty();
        }
        long number = value.asLong();
        return number < min || number > max ? Optional.empty() : Optional.of(number);
    }

    private static String readPage() {
        try (InputStream in = ControlRoutes.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + PAGE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vibe.riffs.rest.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.config.UsersConfig;
import dev.vibe.riffs.identity.PerUserCounts;
import dev.vibe.riffs.logging.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * At most {@code vibe.users.max-requests-in-flight} requests of one user at once, counted on the event loop before the
 * request reaches a worker thread or the database: a request beyond is a JSON {@code 429} ({@code user_overloaded},
 * {@code Retry-After: 1}) that costs next to nothing, and the user's place is given back when each response ends or its
 * connection closes. The fair share of runtime-api calls ({@code RuntimeApiAdmission}) alone left a flood's refused
 * requests a database read each, and its admitted ones the whole database pool: another user's look-ups then waited
 * twenty times longer than without the flood.
 * <p>
 * The user is who the request says it is, before the identity filter checks it: {@code X-User-UUID} (trimmed), or in
 * {@code jwt} mode the bearer token itself (so the limit is per token there). A request naming nobody is not counted;
 * the identity filter refuses it. Server-Sent Event streams ({@code /api/events}) last and have a limit of their own.
 */
@ApplicationScoped
public class UserRequestLimit {

    static final String REFUSED = "{\"status\":\"user_overloaded\",\"error\":\"Too many requests of this user in progress; try again shortly\"}";

    private final PerUserCounts inProgress;
    private final boolean byToken;
    private final Counter refused;
    private final ThrottledWarning refusals = new ThrottledWarning(
            "Requests refused because their user had vibe.users.max-requests-in-flight in progress", Duration.ofSeconds(10));

    public UserRequestLimit(UsersConfig users, AuthConfig auth, MeterRegistry registry) {
        this.inProgress = new PerUserCounts(users.maxRequestsInFlight());
        this.byToken = auth.mode() == AuthConfig.Mode.JWT;
        this.refused = Counter.builder("vibe_user_requests_refused")
                .description("Requests refused (429) because their user had vibe.users.max-requests-in-flight requests in progress")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (inProgress.limit() <= 0) {
            return;
        }
        // After the gateway secret (-4): a request that did not come through the gateway takes nobody's place.
        router.route().order(-3).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        String user = counted(context) ? userOf(context) : null;
        if (user == null) {
            context.next();
            return;
        }
        if (!inProgress.tryTake(user)) {
            refused.increment();
            refusals.record("a user had " + inProgress.limit() + " requests in progress");
            context.response()
                    .setStatusCode(429)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.RETRY_AFTER, "1")
                    .end(REFUSED);
            return;
        }
        context.addEndHandler(ended -> inProgress.giveBack(user));
        context.next();
    }

    private static boolean counted(RoutingContext context) {
        String path = context.normalizedPath();
        return path.startsWith("/api/apps") || path.startsWith("/api/usage");
    }

    private String userOf(RoutingContext context) {
        String named = context.request().getHeader(byToken ? HttpHeaders.AUTHORIZATION : UserIdentityFilter.HEADER);
        if (named == null || named.isBlank()) {
            return null;
        }
        return named.strip();
    }
}

package dev.vibe.riffs.rest.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A path that no route serves answers {@code 404 {"error": "Not found"}} in JSON, like every other error: Vibe's
 * frontend parses the body before it looks at the status. Routes this service does not own (chat messages, API keys,
 * GitHub and Fly.io status) are among them: a gateway sends those elsewhere.
 */
@ApplicationScoped
public class UnknownPathAnswer {

    private static final String BODY = "{\"error\":\"Not found\"}";

    void install(@Observes Router router) {
        router.route().last().handler(this::notFound);
    }

    private void notFound(RoutingContext context) {
        context.response()
                .setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(BODY);
    }
}

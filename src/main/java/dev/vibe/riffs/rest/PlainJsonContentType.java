package dev.vibe.riffs.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every JSON answer is typed {@code application/json} exactly, as the Flask backend's were: RFC 8259 defines no
 * parameter for it, and Quarkus would add {@code ;charset=UTF-8}. Other types (Server-Sent Events, metrics) are left
 * as they are. Installed first, so it sees every answer, errors and unknown paths included.
 */
@ApplicationScoped
public class PlainJsonContentType {

    private static final String JSON = "application/json";

    void install(@Observes Router router) {
        router.route().order(-4).handler(this::plainJson);
    }

    private void plainJson(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            String type = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
            if (type != null && !type.equals(JSON) && isJson(type)) {
                context.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            }
        });
        context.next();
    }

    /** {@code application/json} with parameters ({@code application/json;charset=UTF-8}, {@code application/json; charset=utf-8}). */
    static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return mediaType.equalsIgnoreCase(JSON);
    }
}

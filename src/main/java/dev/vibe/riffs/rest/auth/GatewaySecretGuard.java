package dev.vibe.riffs.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.logging.ThrottledWarning;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * In {@code gateway} mode, every request to the API port must carry the gateway's shared secret in its header
 * ({@code vibe.auth.gateway.*}); anything else is a JSON {@code 401} before the request is read any further, whatever
 * its path (no spelling of a path can slip past). The comparison takes the same time wherever the values differ, and
 * neither the expected nor the received value is ever logged or echoed. The management port has routes of its own and
 * is not guarded. In the other modes this guard is not installed.
 */
@ApplicationScoped
public class GatewaySecretGuard {

    static final String REFUSED = "{\"error\":\"Not authenticated: requests must come through the gateway\"}";

    private final AuthConfig config;
    private final ThrottledWarning refusals = new ThrottledWarning("Requests refused without the gateway secret", Duration.ofSeconds(10));

    public GatewaySecretGuard(AuthConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        if (config.mode() != AuthConfig.Mode.GATEWAY) {
            return;
        }
        byte[] secret = config.gateway().secret().orElseThrow().getBytes(StandardCharsets.UTF_8);
        String header = config.gateway().header();
        // Before the body-size guard (-3) and every other route, so that an unproven request costs nothing more.
        router.route().order(-4).handler(context -> check(context, header, secret));
    }

    private void check(RoutingContext context, String header, byte[] secret) {
        String presented = context.request().getHeader(header);
        // The expected value first: MessageDigest.isEqual's time depends on the length of its first argument only.
        if (presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            context.next();
            return;
        }
        refusals.record(presented == null ? "no " + header + " header" : "a wrong " + header + " header");
        context.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Gateway realm=\"vibe-riffs\"")
                .end(REFUSED);
    }
}

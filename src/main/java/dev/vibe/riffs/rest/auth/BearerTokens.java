package dev.vibe.riffs.rest.auth;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;
import org.jose4j.jwt.consumer.InvalidJwtException;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.ExceptionMappers;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The {@code jwt} mode's proof of identity: the request's {@code Authorization: Bearer} token, verified by smallrye-jwt
 * against the issuer's keys ({@code mp.jwt.verify.*}: signature, expiry, issuer, audience), names the user in the
 * claim {@code vibe.auth.jwt.user-claim}. A refusal is a JSON {@code 401} with a {@code WWW-Authenticate} challenge
 * (RFC 6750), or a {@code 403} for an authentic token whose claim is no valid user id. Neither a token nor its claims
 * are ever logged or put in an answer; refusals are logged as one line per interval with a count.
 */
@ApplicationScoped
public class BearerTokens {

    static final String REALM = "Bearer realm=\"vibe-riffs\"";
    private static final Pattern BEARER = Pattern.compile("Bearer +(\\S+) *", Pattern.CASE_INSENSITIVE);

    /** Resolved on the first token: the other modes never make smallrye-jwt's parser. */
    private final Instance<JWTParser> parser;
    private final String userClaim;
    private final ThrottledWarning refusals = new ThrottledWarning("Requests refused for their bearer token", Duration.ofSeconds(10));

    public BearerTokens(Instance<JWTParser> parser, AuthConfig config) {
        this.parser = parser;
        this.userClaim = config.jwt().userClaim();
    }

    /** The verified user of a request whose {@code Authorization} header is this, or the answer that refuses it. */
    Verified verify(String authorization) {
        Matcher bearer = authorization == null ? null : BEARER.matcher(authorization);
        if (bearer == null || !bearer.matches()) {
            refusals.record("no bearer token");
            return Verified.refused(unauthorized("A bearer token is required (Authorization: Bearer <token>)", REALM));
        }
        JsonWebToken token;
        try {
            token = parser.get().parse(bearer.group(1));
        } catch (ParseException e) {
            boolean expired = hasExpired(e);
            refusals.record(expired ? "an expired token" : "a token that failed verification");
            return Verified.refused(unauthorized(expired ? "The bearer token has expired" : "The bearer token is invalid",
                    REALM + ", error=\"invalid_token\""));
        }
        String userId = claimText(token.getClaim(userClaim));
        if (userId == null || !UserIdentityFilter.isValidUserId(userId)) {
            refusals.record("a token whose " + userClaim + " claim is no valid user id");
            return Verified.refused(ExceptionMappers.json(Status.FORBIDDEN, ErrorResponse.of("The bearer token's " + userClaim
                    + " claim is not a user id of 1 to 128 characters of A-Z, a-z, 0-9, '-' and '_'"), null));
        }
        return new Verified(userId, null);
    }

    private static String claimText(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }

    private static boolean hasExpired(ParseException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                return invalid.hasExpired();
            }
        }
        return false;
    }

    private static RestResponse<ErrorResponse> unauthorized(String message, String challenge) {
        return RestResponse.ResponseBuilder.create(Status.UNAUTHORIZED, ErrorResponse.of(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** Either the token's user or the refusal. */
    record Verified(String userId, RestResponse<ErrorResponse> refusal) {

        static Verified refused(RestResponse<ErrorResponse> refusal) {
            return new Verified(null, refusal);
        }
    }
}

package dev.vibe.riffs.rest.auth;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.identity.WarmUpPass;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.ExceptionMappers;

/**
 * Every {@code /api/apps}, {@code /api/events} and {@code /api/usage} request names its user in {@code X-User-UUID}. The value is trimmed and must be
 * 1-128 characters of {@code A-Z a-z 0-9 - _}: a {@code :} would break the runtime-api session id. In {@code jwt} mode
 * the bearer token names the user instead ({@link BearerTokens}); the header is then optional, and a header that names
 * another user is refused with {@code 403}. The process's own warm-up requests ({@link WarmUpPass}) are believed as to
 * their {@code X-User-UUID} in every mode.
 */
public class UserIdentityFilter {

    public static final String HEADER = "X-User-UUID";
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final CurrentUser currentUser;
    private final AuthConfig auth;
    private final BearerTokens tokens;
    private final WarmUpPass warmUpPass;

    public UserIdentityFilter(CurrentUser currentUser, AuthConfig auth, BearerTokens tokens, WarmUpPass warmUpPass) {
        this.currentUser = currentUser;
        this.warmUpPass = warmUpPass;
        this.auth = auth;
        this.tokens = tokens;
    }

    static boolean isValidUserId(String userId) {
        return USER_ID.matcher(userId).matches();
    }

    @ServerRequestFilter
    public Optional<RestResponse<ErrorResponse>> identifyUser(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/apps") && !path.startsWith("/api/events") && !path.startsWith("/api/usage")) {
            return Optional.empty();
        }
        boolean warmUp = warmUpPass.matches(request.getHeaderString(WarmUpPass.HEADER));
        if (auth.mode() == AuthConfig.Mode.JWT && !warmUp) {
            return identifyByToken(request);
        }
        String header = request.getHeaderString(HEADER);
        // As the Flask backend: an empty header counts as missing; one of whitespace only is an empty id (over HTTP it
        // arrives empty, since the HTTP layer drops whitespace around a value, as the Flask backend's server did).
        if (header == null || header.isEmpty()) {
            return reject(HEADER + " header is required");
        }
        String userId = header.strip();
        if (userId.isEmpty()) {
            return reject("UUID cannot be empty");
        }
        if (!USER_ID.matcher(userId).matches()) {
            return reject(HEADER + " must be 1 to 128 characters of A-Z, a-z, 0-9, '-' and '_'");
        }
        if (warmUp) {
            currentUser.setWarmingUp(userId);
            return Optional.empty();
        }
        return accept(userId);
    }

    private Optional<RestResponse<ErrorResponse>> identifyByToken(ContainerRequestContext request) {
        BearerTokens.Verified verified = tokens.verify(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (verified.refusal() != null) {
            return Optional.of(verified.refusal());
        }
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank() && !header.strip().equals(verified.userId())) {
            return Optional.of(ExceptionMappers.json(Response.Status.FORBIDDEN,
                    ErrorResponse.of(HEADER + " names another user than the bearer token"), null));
        }
        return accept(verified.userId());
    }

    private Optional<RestResponse<ErrorResponse>> accept(String userId) {
        currentUser.set(userId);
        // Every log line of this request names its user (a JSON field in production logs).
        MDC.put("user_id", userId);
        return Optional.empty();
    }

    private static Optional<RestResponse<ErrorResponse>> reject(String message) {
        return Optional.of(ExceptionMappers.json(Response.Status.BAD_REQUEST, ErrorResponse.of(message), null));
    }
}

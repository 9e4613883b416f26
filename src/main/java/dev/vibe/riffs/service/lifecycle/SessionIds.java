package dev.vibe.riffs.service.lifecycle;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.runtime.Startup;

/**
 * The runtime-api session ids of new riffs: {@code {prefix}{user_id}:{app_slug}:{riff_slug}}, the prefix being
 * {@code runtime-api.session-prefix} (none by default). A riff keeps the session it was created with. The prefix is
 * checked at start-up: an invalid one stops the service from starting.
 */
@Startup
@Singleton
public class SessionIds {

    /** Longest prefix: with the longest user id and slugs, a session id still fits in {@code riffs.session_id}. */
    static final int MAX_PREFIX_LENGTH = 64;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+:");

    /** What follows the prefix in a session id of ours: user id, app slug and riff slug, none of which holds a colon. */
    private static final Pattern UNPREFIXED = Pattern.compile("[^:]+:[^:]+:[^:]+");

    private final Optional<String> prefix;

    @Inject
    SessionIds(RuntimeApiConfig config) {
        this(config.sessionPrefix());
    }

    SessionIds(Optional<String> prefix) {
        this.prefix = checkedPrefix(prefix);
    }

    public String of(String userId, String appSlug, String riffSlug) {
        return prefix.orElse("") + userId + ":" + appSlug + ":" + riffSlug;
    }

    /** The configured prefix, if any. */
    public Optional<String> prefix() {
        return prefix;
    }

    /**
     * The prefix, if it is valid: {@code [A-Za-z0-9_-]+:}, at most {@value #MAX_PREFIX_LENGTH} characters. Ending with
     * the colon is what makes it provable: user ids never hold one, so {@code p:{user}:{app}:{riff}} has one part more
     * than any unprefixed session, even that of a user named {@code p}.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static Optional<String> checkedPrefix(Optional<String> prefix) {
        prefix.ifPresent(value -> {
            if (!PREFIX.matcher(value).matches() || value.length() > MAX_PREFIX_LENGTH) {
                throw new IllegalArgumentException("RUNTIME_API_SESSION_PREFIX (runtime-api.session-prefix) must be letters, "
                        + "digits, '-' or '_' followed by a final ':' (for example 'prod:'), at most " + MAX_PREFIX_LENGTH
                        + " characters; it is '" + value + "'");
            }
        });
        return prefix;
    }

    /**
     * Whether the session id is one this prefix gives: the prefix, then a user id, an app slug and a riff slug. An
     * unprefixed session of another deployment never is, whatever its user id.
     */
    public static boolean carriesPrefix(String sessionId, String prefix) {
        return sessionId.startsWith(prefix) && UNPREFIXED.matcher(sessionId).region(prefix.length(), sessionId.length()).matches();
    }
}

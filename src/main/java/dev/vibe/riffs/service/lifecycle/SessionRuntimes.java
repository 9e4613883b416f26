package dev.vibe.riffs.service.lifecycle;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * The runtimes of riffs' sessions at the runtime-api, and the one adoption rule: a live runtime of the session (alive,
 * and not owed a stop) is adopted, never doubled by a start. {@code /start} is not idempotent, so every start looks
 * the session up first.
 */
@ApplicationScoped
public class SessionRuntimes {

    private final RuntimeApiClient api;
    private final RuntimeStopService stops;

    SessionRuntimes(RuntimeApiClient api, RuntimeStopService stops) {
        this.api = api;
        this.stops = stops;
    }

    /** The session's runtime that a riff adopts instead of starting one, if there is one. */
    public Optional<RuntimeInfo> adoptable(String sessionId) {
        return api.findSession(sessionId).filter(this::adoptable);
    }

    /** Whether a riff adopts this runtime of its session (null: the session has none) instead of starting one. */
    public boolean adoptable(RuntimeInfo runtime) {
        return runtime != null && runtime.state().alive() && !stops.isOwed(runtime.runtimeId());
    }

    /** The sessions' runtimes by session id, with one {@code /sessions/batch} look-up (a few for long ids). */
    public Map<String, RuntimeInfo> bySession(Collection<String> sessionIds) {
        return bySession(sessionIds, runtime -> true);
    }

    /** The sessions' live runtimes by session id (a session whose runtime is not alive is left out). */
    public Map<String, RuntimeInfo> liveBySession(Collection<String> sessionIds) {
        return bySession(sessionIds, runtime -> runtime.state().alive());
    }

    private Map<String, RuntimeInfo> bySession(Collection<String> sessionIds, Predicate<RuntimeInfo> kept) {
        return api.findSessions(sessionIds.stream().distinct().toList()).stream()
                .filter(runtime -> runtime.sessionId() != null && kept.test(runtime))
                .collect(Collectors.toMap(RuntimeInfo::sessionId, Function.identity(), (first, second) -> first));
    }
}

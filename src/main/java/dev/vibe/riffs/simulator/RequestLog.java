package dev.vibe.riffs.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Counts every request that reached the simulated runtime-api, faulted ones included, so tests can count
 * calls. One counter per method and path keeps a long dev session from growing a list of requests; of the bodies, only
 * the last {@code /start} of each session is kept, so tests can see what was asked for.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class RequestLog {

    private final Map<Request, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> lastStarts = new ConcurrentHashMap<>();

    void record(String method, String path) {
        counts.merge(new Request(method, path), 1, Integer::sum);
    }

    /** Requests with this method whose path (relative to the API's base) starts with the prefix. */
    int count(String method, String pathPrefix) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getKey().method().equalsIgnoreCase(method)
                        && entry.getKey().path().startsWith(pathPrefix))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    void recordStart(String sessionId, JsonNode body) {
        lastStarts.put(sessionId, body);
    }

    Optional<JsonNode> lastStartOf(String sessionId) {
        return Optional.ofNullable(lastStarts.get(sessionId));
    }

    void clear() {
        counts.clear();
        lastStarts.clear();
    }

    private record Request(String method, String path) {
    }
}

package dev.vibe.riffs.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

/**
 * Checks of agent servers' {@code /alive}, shared: a check that arrives while another of the same runtime (same URL and
 * session key) is in flight takes that one's answer instead of making a call of its own, as {@link SharedRuntimeLookups}
 * does for look-ups. Each call is bounded by the agent-server client's connect and read timeouts, and so is a follower's
 * wait; anything but a 200 in time is "not alive", never a failure.
 */
@ApplicationScoped
public class SharedAliveChecks {

    private final RuntimeApiClient api;
    private final long followerWaitMillis;
    private final ConcurrentMap<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public SharedAliveChecks(RuntimeApiClient api,
            @ConfigProperty(name = "quarkus.rest-client.agent-server.connect-timeout") long connectTimeoutMillis,
            @ConfigProperty(name = "quarkus.rest-client.agent-server.read-timeout") long readTimeoutMillis) {
        this.api = api;
        this.followerWaitMillis = connectTimeoutMillis + readTimeoutMillis;
    }

    /** Whether the agent server at {@code runtimeUrl} answers {@code /alive} with 200 for this session key. */
    public boolean alive(String runtimeUrl, String sessionApiKey) {
        if (runtimeUrl == null || sessionApiKey == null) {
            return false;
        }
        String key = runtimeUrl + ' ' + sessionApiKey;
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return await(existing);
        }
        boolean alive = false;
        try {
            alive = api.agentServerAlive(runtimeUrl, sessionApiKey);
        } catch (RuntimeException e) {
            Log.debugf("Agent server check failed: %s", e.getClass().getSimpleName());
        } finally {
            mine.complete(alive);
            inFlight.remove(key, mine);
        }
        return alive;
    }

    private boolean await(CompletableFuture<Boolean> leader) {
        try {
            return leader.get(followerWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}

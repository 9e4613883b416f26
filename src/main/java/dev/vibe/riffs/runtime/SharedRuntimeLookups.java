package dev.vibe.riffs.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;

/**
 * Live look-ups of runtimes by id, shared: a look-up that arrives while another of the same runtime is in flight
 * takes that one's answer (or failure) instead of making a call of its own. With
 * {@code runtime-api.status.cache-for} above zero an answer is also reused for that long; by default it is not.
 */
@ApplicationScoped
public class SharedRuntimeLookups {

    /** Above this many remembered answers, stale ones are dropped (only with a cache). */
    private static final int MAX_REMEMBERED = 10_000;

    private final RuntimeApiClient api;
    private final long cacheNanos;
    private final long followerWaitMillis;
    private final ConcurrentMap<String, Lookup> lookups = new ConcurrentHashMap<>();

    public SharedRuntimeLookups(RuntimeApiClient api, RuntimeApiConfig config) {
        this.api = api;
        this.cacheNanos = config.status().cacheFor().toNanos();
        // A follower never waits longer than the leader's call may take, queue wait included.
        this.followerWaitMillis = config.longestCall().toMillis();
    }

    /** The runtime as the runtime-api describes it now; empty when it does not know it. */
    public Optional<RuntimeInfo> runtime(String runtimeId) {
        while (true) {
            Lookup existing = lookups.get(runtimeId);
            if (existing != null && existing.usable(cacheNanos)) {
                return existing.await(followerWaitMillis);
            }
            Lookup mine = new Lookup();
            boolean leading = existing == null ? lookups.putIfAbsent(runtimeId, mine) == null : lookups.replace(runtimeId, existing, mine);
            if (leading) {
                return lead(runtimeId, mine);
            }
        }
    }

    private Optional<RuntimeInfo> lead(String runtimeId, Lookup mine) {
        try {
            Optional<RuntimeInfo> answer = api.findRuntime(runtimeId);
            mine.complete(answer);
            if (cacheNanos == 0) {
                lookups.remove(runtimeId, mine);
            } else if (lookups.size() > MAX_REMEMBERED) {
                lookups.values().removeIf(lookup -> !lookup.usable(cacheNanos));
            }
            return answer;
        } catch (RuntimeException | Error e) {
            mine.fail(e);
            lookups.remove(runtimeId, mine);
            throw e;
        }
    }

    /** One look-up: in flight until its answer arrives, then (with a cache) fresh for a while. */
    private static final class Lookup {

        private final CompletableFuture<Optional<RuntimeInfo>> answer = new CompletableFuture<>();
        private volatile long answeredAt;

        void complete(Optional<RuntimeInfo> runtime) {
            answeredAt = System.nanoTime();
            answer.complete(runtime);
        }

        void fail(Throwable failure) {
            answer.completeExceptionally(failure);
        }

        /** In flight, or answered less than {@code cacheNanos} ago. */
        boolean usable(long cacheNanos) {
            if (!answer.isDone()) {
                return true;
            }
            return !answer.isCompletedExceptionally() && System.nanoTime() - answeredAt < cacheNanos;
        }

        Optional<RuntimeInfo> await(long maxWaitMillis) {
            try {
                return answer.get(maxWaitMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new RuntimeApiUnavailableException("runtime-api look-up failed", e.getCause());
            } catch (TimeoutException e) {
                throw new RuntimeApiUnavailableException("runtime-api did not answer in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeApiUnavailableException("interrupted while waiting for a runtime-api look-up", e);
            }
        }
    }
}

package dev.vibe.riffs.simulator;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the simulated runtime-api knows, as {@link RuntimeStore#state()} gives it and {@link RuntimeStoreFile} keeps
 * it between dev-mode restarts.
 *
 * @param runtimes every runtime, stopped ones included, oldest first
 * @param startsBySession how many runtimes {@code POST /start} created per session
 */
@RegisterForReflection
record RuntimeStoreState(List<StoredRuntime> runtimes, Map<String, Integer> startsBySession) {

    RuntimeStoreState {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        startsBySession = startsBySession == null ? Map.of() : Map.copyOf(startsBySession);
    }

    /**
     * One runtime.
     *
     * @param phase {@code STARTING} (reads as running once the start delay has passed), {@code PAUSED} or {@code STOPPED}
     * @param phaseSinceEpochMillis when it entered that phase, wall clock
     * @param forcedStatus the status pinned by a test, or null
     */
    @RegisterForReflection
    record StoredRuntime(
            long sequence,
            String runtimeId,
            String sessionId,
            String url,
            String image,
            String sessionApiKey,
            String phase,
            long phaseSinceEpochMillis,
            String forcedStatus,
            String forcedPodStatus) {

        @Override
        public String toString() {
            return "StoredRuntime[runtimeId=" + runtimeId + ", sessionId=" + sessionId + ", phase=" + phase + "]";
        }
    }
}

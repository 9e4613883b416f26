package dev.vibe.riffs.simulator;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The bodies the simulator answers with; the global SNAKE_CASE naming gives their field names. */
final class JsonViews {

    private JsonViews() {
    }

    @RegisterForReflection
    record DetailView(String detail) {
    }

    /** A runtime as the control page lists it: no session key, which the page has no use for. */
    @RegisterForReflection
    record ControlRuntimeView(String runtimeId, String sessionId, String status, String podStatus, String url,
            String image) {

        static ControlRuntimeView of(SimulatedRuntime runtime) {
            return new ControlRuntimeView(runtime.runtimeId(), runtime.sessionId(), runtime.status(),
                    runtime.podStatus(), runtime.url(), runtime.image());
        }
    }

    @RegisterForReflection
    record ControlRuntimeListView(List<ControlRuntimeView> runtimes) {
    }

    /**
     * The faults in force: down, delays, one-request faults still queued, sessions whose starts are refused, odd answers
     * still queued by kind.
     */
    @RegisterForReflection
    record FaultsView(boolean down, long delayMs, long startDelayMs, int queuedFaults, int refusedSessions,
            Map<String, Integer> oddAnswers) {

        static FaultsView of(FaultInjector faults) {
            return new FaultsView(faults.isDown(), faults.delay().toMillis(), faults.startDelay().toMillis(),
                    faults.queued(), faults.refusedSessions(), faults.oddAnswers());
        }
    }

    /** Errors of the control endpoints, in this application's own shape. */
    @RegisterForReflection
    record ErrorView(String error) {
    }

    @RegisterForReflection
    record StatusView(String status) {
    }
}

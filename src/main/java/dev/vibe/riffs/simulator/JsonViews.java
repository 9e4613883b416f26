package dev.vibe.riffs.simulator;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The bodies the simulator answers with; the global SNAKE_CASE naming gives their field names. */
final class JsonViews {

    private JsonViews() {
    }

    /** The runtime object of the runtime-api contract. */
    @RegisterForReflection
    record RuntimeView(
            String runtimeId,
            String sessionId,
            String url,
            String sessionApiKey,
            String status,
            String podStatus,
            String image,
            int restartCount,
            List<String> restartReasons) {

        static RuntimeView of(SimulatedRuntime runtime) {
            return new RuntimeView(runtime.runtimeId(), runtime.sessionId(), runtime.url(), runtime.sessionApiKey(),
                    runtime.status(), runtime.podStatus(), runtime.image(), 0, List.of());
        }

        @Override
        public String toString() {
            return "RuntimeView[runtimeId=" + runtimeId + ", status=" + status + "]";
        }
    }

    @RegisterForReflection
    record RuntimeListView(List<RuntimeView> runtimes) {
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

    /** The faults in force: down, delays, one-request faults still queued, sessions whose starts are refused. */
    @RegisterForReflection
    record FaultsView(boolean down, long delayMs, long startDelayMs, int queuedFaults, int refusedSessions) {

        static FaultsView of(FaultInjector faults) {
            return new FaultsView(faults.isDown(), faults.delay().toMillis(), faults.startDelay().toMillis(),
                    faults.queued(), faults.refusedSessions());
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

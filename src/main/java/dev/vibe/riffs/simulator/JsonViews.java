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

    @RegisterForReflection
    record StatusView(String status) {
    }
}

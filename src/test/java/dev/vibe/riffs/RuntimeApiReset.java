package dev.vibe.riffs;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import dev.vibe.riffs.simulator.RuntimeApiSimulator;

/** Each test starts with a healthy, empty runtime-api and closed circuit breakers. */
public final class RuntimeApiReset {

    private RuntimeApiReset() {
    }

    public static void fresh(RuntimeApiSimulator simulator) {
        simulator.reset();
        CircuitBreakerMaintenance.get().resetAll();
    }
}

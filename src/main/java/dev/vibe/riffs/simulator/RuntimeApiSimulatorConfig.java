package dev.vibe.riffs.simulator;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the runtime-api simulator, which only dev and test builds contain. */
@ConfigMapping(prefix = "runtime-api-simulator")
public interface RuntimeApiSimulatorConfig {

    /**
     * Admin key the simulated runtime-api expects in {@code X-API-Key} on every route but {@code /health}.
     * It guards nothing real: the simulator only exists in dev and test builds.
     */
    @WithDefault("simulator-secret")
    String apiKey();

    /**
     * How long a started or resumed runtime reads as {@code starting}/{@code pending} before it reads as
     * {@code running}/{@code ready}. Tests can change it at run time with {@link RuntimeApiSimulator#setStartDelay}.
     */
    @WithDefault("3S")
    Duration startDelay();
}

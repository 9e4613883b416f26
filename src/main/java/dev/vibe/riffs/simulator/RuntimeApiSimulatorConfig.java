package dev.vibe.riffs.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Dev mode only: the file in which the simulator keeps its runtimes when the application stops (a live reload
     * included) and from which it takes them back when it starts, so that riffs keep their runtimes. Unset: runtimes
     * live as long as the application. Tests never keep them (the bean that does it is not in test builds).
     */
    Optional<Path> stateFile();
}

package dev.vibe.riffs;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.vibe.riffs.simulator.RuntimeApiSimulator;

/** Base of the tests that drive the runtime-api simulator: each test starts and ends with a fresh one. */
public abstract class FreshRuntimeApiTest {

    @Inject
    protected RuntimeApiSimulator simulator;

    @BeforeEach
    @AfterEach
    void freshRuntimeApi() {
        RuntimeApiReset.fresh(simulator);
    }
}

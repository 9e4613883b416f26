package dev.vibe.riffs.simulator;

import static dev.vibe.riffs.simulator.SimulatorRequests.API;
import static dev.vibe.riffs.simulator.SimulatorRequests.agent;
import static dev.vibe.riffs.simulator.SimulatorRequests.api;
import static dev.vibe.riffs.simulator.SimulatorRequests.change;
import static dev.vibe.riffs.simulator.SimulatorRequests.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What dev mode keeps across a live reload: a reload cannot be driven from a test, so these write the store's state
 * to a file and take it back, as {@link DevModeRuntimes} does when the application stops and starts again.
 */
@QuarkusTest
class RuntimeStoreFileTests {

    @Inject
    RuntimeApiSimulator simulator;

    @Inject
    RuntimeStore store;

    @Inject
    ObjectMapper mapper;

    @TempDir
    Path directory;

    @BeforeEach
    @AfterEach
    void reset() {
        simulator.reset();
    }

    private static String newSession() {
        return "user-" + UUID.randomUUID() + ":app:riff";
    }

    @Test
    void runtimesWrittenAndReadBackAreTheSameRuntimes() throws IOException {
        simulator.setStartDelay(Duration.ofHours(1));
        String starting = start(simulator, newSession());
        String paused = start(simulator, newSession());
        change(simulator, "pause", paused);
        String stopped = start(simulator, newSession());
        change(simulator, "stop", stopped);
        String failed = start(simulator, newSession());
        simulator.forceStatus(failed, "error", "failed");
        String resumedSession = newSession();
        String resumed = start(simulator, resumedSession);
        change(simulator, "pause", resumed);
        change(simulator, "resume", resumed);
        List<SimulatedRuntime> before = simulator.runtimes();
        RuntimeStoreFile file = new RuntimeStoreFile(directory.resolve("state/runtimes.json"), mapper);

        file.write(store.state());
        simulator.reset();
        assertThat(simulator.runtimes()).isEmpty();
        simulator.setStartDelay(Duration.ofHours(1));
        store.restore(file.read().orElseThrow());

        assertThat(simulator.runtimes()).containsExactlyElementsOf(before);
        assertThat(simulator.runtimes()).extracting(SimulatedRuntime::runtimeId)
                .containsExactly(starting, paused, stopped, failed, resumed);
        assertThat(simulator.startsOfSession(resumedSession)).isEqualTo(1);
        assertThat(directory.resolve("state").toFile().list()).containsExactly("runtimes.json");
    }

    @Test
    void restoredRuntimesServeTheApiAndTheirAgentServers() throws IOException {
        simulator.setStartDelay(Duration.ZERO);
        String session = newSession();
        String runtimeId = start(simulator, session);
        SimulatedRuntime runtime = simulator.runtime(runtimeId).orElseThrow();
        RuntimeStoreFile file = new RuntimeStoreFile(directory.resolve("runtimes.json"), mapper);
        file.write(store.state());
        simulator.reset();
        simulator.setStartDelay(Duration.ZERO);

        store.restore(file.read().orElseThrow());

        api(simulator).get(API + "/sessions/" + session)
                .then().statusCode(200).body("runtime_id", equalTo(runtimeId)).body("status", equalTo("running"));
        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive").then().statusCode(200);
        // Runtimes started after the restore are newer than the restored ones.
        String newer = start(simulator, session);
        assertThat(simulator.runtimeOfSession(session)).map(SimulatedRuntime::runtimeId).contains(newer);
    }

    @Test
    void keepsWhenEachRuntimeEnteredItsPhase() throws IOException {
        simulator.setStartDelay(Duration.ofHours(1));
        start(simulator, newSession());
        String paused = start(simulator, newSession());
        change(simulator, "pause", paused);
        RuntimeStoreState written = store.state();
        RuntimeStoreFile file = new RuntimeStoreFile(directory.resolve("runtimes.json"), mapper);
        file.write(written);
        simulator.reset();

        store.restore(file.read().orElseThrow());

        // A runtime that had been starting for a while before a reload reads as running as soon as it would have.
        List<RuntimeStoreState.StoredRuntime> restored = store.state().runtimes();
        assertThat(restored).hasSameSizeAs(written.runtimes());
        for (int i = 0; i < restored.size(); i++) {
            RuntimeStoreState.StoredRuntime before = written.runtimes().get(i);
            RuntimeStoreState.StoredRuntime after = restored.get(i);
            assertThat(after).usingRecursiveComparison().ignoringFields("phaseSinceEpochMillis").isEqualTo(before);
            assertThat(after.phaseSinceEpochMillis()).isCloseTo(before.phaseSinceEpochMillis(), within(50L));
        }
    }

    @Test
    void noFileMeansNothingToTakeBackAndABrokenFileIsAnError() throws IOException {
        RuntimeStoreFile missing = new RuntimeStoreFile(directory.resolve("none.json"), mapper);
        assertThat(missing.read()).isEmpty();

        Path broken = Files.writeString(directory.resolve("broken.json"), "{\"runtimes\": [");
        assertThatThrownBy(() -> new RuntimeStoreFile(broken, mapper).read()).isInstanceOf(IOException.class);
    }

    @Test
    void testBuildsKeepNothing() {
        assertThat(Arc.container().instance(DevModeRuntimes.class).isAvailable()).isFalse();
    }
}

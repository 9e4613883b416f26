package dev.vibe.riffs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A start, up to the first calls of the runtime-api and agent-server clients, logs no warning. */
@QuarkusTest
@TestProfile(AsDeployed.class)
class StartupLogTests {

    /** Flyway's notice when the test schema does not exist yet (the first run on a database). */
    private static final String FIRST_RUN_CLEAN = "org.flywaydb.core.internal.command.clean.CleanExecutor";

    LogCapture log;

    @Inject
    RuntimeApiClient api;

    @Test
    void startsAndBuildsItsClientsWithoutAWarning() {
        // The first call through each REST client builds it (its HTTP client and that client's metrics).
        assertThat(api.agentServerAlive("http://127.0.0.1:9", "no-key")).isFalse();
        try {
            api.health();
        } catch (RuntimeApiException answeredOrNot) {
            // built all the same
        }

        assertThat(log.lines()).as("lines logged since before the start").isNotEmpty()
                .noneMatch(line -> line.contains("already registered"));
        assertThat(log.linesAtLeast(Level.WARNING)).filteredOn(line -> !line.logger().equals(FIRST_RUN_CLEAN))
                .extracting(LogCapture.Line::text).isEmpty();
    }
}

package dev.vibe.riffs.service.lifecycle;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createRiff;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RuntimeStopTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RuntimeStopRepository stops;

    private String statusOf(String runtimeId) {
        return simulator.runtime(runtimeId).orElseThrow().status();
    }

    private boolean stopPending(String runtimeId) {
        return QuarkusTransaction.requiringNew().call(() -> stops.isPending(runtimeId));
    }

    @Test
    void deletingARiffStopsItsRuntime() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        as(user).delete("/api/apps/app/riffs/r").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(statusOf(runtimeId)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !stopPending(runtimeId));
    }

    @Test
    void deletingAnAppStopsTheRuntimesOfAllItsRiffs() {
        String user = newUser();
        String first = newRiff(user, "app", "one").getString("runtime_id");
        createRiff(user, "app", "two");
        String second = simulator.runtimeOfSession(user + ":app:two").orElseThrow().runtimeId();
        as(user).delete("/api/apps/app").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(statusOf(first)) && "stopped".equals(statusOf(second)));
    }

    @Test
    void deletionDuringAnOutageSucceedsAndTheStopHappensLater() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        simulator.goDown();
        as(user).delete("/api/apps/app/riffs/r").then().statusCode(200);
        as(user).get("/api/apps/app/riffs/r").then().statusCode(404);
        // The immediate attempt fails; the stop stays owed.
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> stops.find("runtimeId", runtimeId).firstResultOptional().map(stop -> stop.attempts > 0).orElse(false)));
        assertThat(statusOf(runtimeId)).isNotEqualTo("stopped");

        simulator.comeBack();
        forceDue(runtimeId);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(statusOf(runtimeId)).isEqualTo("stopped");
        });
        assertThat(stopPending(runtimeId)).isFalse();
    }

    /** The retry of a failed stop waits a while (backoff); tests do not. */
    private void forceDue(String runtimeId) {
        QuarkusTransaction.requiringNew().run(() -> stops.update("nextAttemptAt = ?1 where runtimeId = ?2",
                java.time.Instant.now().minusSeconds(1), runtimeId));
    }
}

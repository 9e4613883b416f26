package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RuntimeReconcilerTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    Scheduler scheduler;

    @Test
    void isScheduled() {
        assertThat(scheduler.getScheduledJob("runtime-reconciler")).isNotNull();
    }

    @Test
    void refreshesStoredStatusesWithBatchCallsOnly() {
        String user = newUser();
        String first = newRiff(user, "app", "one").getString("runtime_id");
        as(user).body(Map.of("slug", "two")).post("/api/apps/app/riffs").then().statusCode(201);
        String second = riff(user, "app", "two").getString("runtime_id");
        given().header("X-API-Key", simulator.apiKey()).contentType("application/json").body(Map.of("runtime_id", second))
                .post("/simulator/runtime-api/pause").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.runtime(first).orElseThrow().isReady());

        int batchCalls = simulator.requestCount("GET", "/sessions/batch");
        int singleLookups = simulator.requestCount("GET", "/sessions/") - batchCalls;
        reconciler.reconcile();

        // One batch of each lane at most: the regular one, and the fast lane's (riffs other tests left starting).
        assertThat(simulator.requestCount("GET", "/sessions/batch") - batchCalls).isBetween(1, 2);
        assertThat(simulator.requestCount("GET", "/sessions/") - simulator.requestCount("GET", "/sessions/batch"))
                .isEqualTo(singleLookups);
        // Listing shows the refreshed statuses without asking the runtime-api.
        int before = simulator.requestCount("GET", "/");
        as(user).get("/api/apps/app/riffs").then().statusCode(200);
        assertThat(simulator.requestCount("GET", "/")).isEqualTo(before);
        assertThat(riff(user, "app", "one").getString("runtime_status")).isEqualTo("running");
        assertThat(riff(user, "app", "two").getString("runtime_status")).isEqualTo("paused");
    }

    @Test
    void marksRuntimesThatTheRuntimeApiForgotAsMissing() {
        String user = newUser();
        simulator.forget(newRiff(user, "app", "r").getString("runtime_id"));
        reconciler.reconcile();
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("missing");
    }

    @Test
    void survivesAnOutage() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.goDown();
        reconciler.reconcile();
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("starting");
    }
}

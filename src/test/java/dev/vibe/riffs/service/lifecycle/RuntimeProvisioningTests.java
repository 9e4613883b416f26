package dev.vibe.riffs.service.lifecycle;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import dev.vibe.riffs.simulator.SimulatedRuntime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class RuntimeProvisioningTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Test
    void createsRiffWithARunningRuntime() {
        String user = newUser();
        JsonPath riff = newRiff(user, "app", "fix-login");
        SimulatedRuntime runtime = simulator.runtimeOfSession(sessionId(user, "app", "fix-login")).orElseThrow();
        assertThat(riff.getString("runtime_id")).isEqualTo(runtime.runtimeId());
        assertThat(riff.getString("runtime_url")).isEqualTo(runtime.url());
        assertThat(riff.getString("session_api_key")).isEqualTo(runtime.sessionApiKey());
        assertThat(riff.getString("runtime_status")).isEqualTo("starting");
        assertThat(riff.getString("runtime_error")).isNull();
        // What was created is what is stored.
        assertThat(riff(user, "app", "fix-login").getString("session_api_key")).isEqualTo(runtime.sessionApiKey());
    }

    @Test
    void adoptingARiffStartsNoSecondRuntime() {
        String user = newUser();
        newRiff(user, "app", "r");
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(200);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void createsRiffWithoutRuntimeWhenRuntimeApiIsDownThenReconcilerCatchesUp() {
        String user = newUser();
        createApp(user, "app");
        simulator.goDown();
        as(user).body(Map.of("slug", "outage")).post("/api/apps/app/riffs")
                .then().statusCode(201)
                .body("riff.runtime_id", nullValue())
                .body("riff.session_api_key", nullValue())
                .body("riff.runtime_status", nullValue())
                .body("riff.runtime_error", startsWith("runtime-api unreachable"));

        simulator.comeBack();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(riff(user, "app", "outage").getString("runtime_id")).isNotNull();
        });
        JsonPath recovered = riff(user, "app", "outage");
        assertThat(recovered.getString("runtime_error")).isNull();
        assertThat(simulator.startsOfSession(sessionId(user, "app", "outage"))).isEqualTo(1);
        assertThat(recovered.getString("session_api_key"))
                .isEqualTo(simulator.runtimeOfSession(sessionId(user, "app", "outage")).orElseThrow().sessionApiKey());
    }

    @Test
    void createsRiffWithoutRuntimeWhenRuntimeApiIsTooSlow() {
        String user = newUser();
        createApp(user, "app");
        simulator.slowDown(Duration.ofSeconds(10));
        as(user).body(Map.of("slug", "slow")).post("/api/apps/app/riffs")
                .then().statusCode(201)
                .body("riff.runtime_id", nullValue())
                .body("riff.runtime_error", notNullValue());
    }

    @Test
    void createsRiffWithoutRuntimeWhenRuntimeApiFails() {
        String user = newUser();
        createApp(user, "app");
        simulator.failNext(20, 500);
        as(user).body(Map.of("slug", "failing")).post("/api/apps/app/riffs")
                .then().statusCode(201)
                .body("riff.runtime_id", nullValue())
                .body("riff.runtime_error", equalTo("runtime-api answered 500"));
    }

    @Test
    void adoptsTheLiveRuntimeOfTheSessionInsteadOfStartingAnother() {
        String user = newUser();
        createApp(user, "app");
        // A start went through during an outage of our side: the session has a runtime, the riff does not know it.
        simulator.goDown();
        as(user).body(Map.of("slug", "orphan")).post("/api/apps/app/riffs").then().statusCode(201);
        simulator.comeBack();
        String existing = io.restassured.RestAssured.given().header("X-API-Key", simulator.apiKey()).contentType("application/json")
                .body(Map.of("session_id", sessionId(user, "app", "orphan"), "image", "agent"))
                .post("/simulator/runtime-api/start").then().statusCode(201).extract().path("runtime_id");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(riff(user, "app", "orphan").getString("runtime_id")).isEqualTo(existing);
        });
        assertThat(simulator.startsOfSession(sessionId(user, "app", "orphan"))).isEqualTo(1);
    }
}

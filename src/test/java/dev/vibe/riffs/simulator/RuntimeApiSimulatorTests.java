package dev.vibe.riffs.simulator;

import static dev.vibe.riffs.simulator.SimulatorRequests.API;
import static dev.vibe.riffs.simulator.SimulatorRequests.api;
import static dev.vibe.riffs.simulator.SimulatorRequests.change;
import static dev.vibe.riffs.simulator.SimulatorRequests.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RuntimeApiSimulatorTests {

    @Inject
    RuntimeApiSimulator simulator;

    @TestHTTPResource("/simulator/agent/")
    String agentBase;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static String newSession() {
        return "user-" + UUID.randomUUID() + ":app:riff";
    }

    @Test
    void healthNeedsNoApiKey() {
        given().when().get(API + "/health")
                .then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo("ok"));
    }

    @Test
    void refusesRequestsWithoutTheApiKey() {
        given().when().get(API + "/list")
                .then().statusCode(401).contentType(ContentType.JSON).body("detail", not(empty()));
        given().header("X-API-Key", "wrong").when().get(API + "/list")
                .then().statusCode(401);
        given().header("X-API-Key", "wrong").contentType(ContentType.JSON)
                .body(Map.of("session_id", newSession())).when().post(API + "/start")
                .then().statusCode(401);
        given().when().get(API + "/sessions/anything").then().statusCode(401);
        assertThat(simulator.runtimes()).isEmpty();
    }

    @Test
    void startedRuntimeReadsStartingThenRunningAfterTheStartDelay() {
        simulator.setStartDelay(Duration.ofSeconds(1));
        String session = newSession();
        String runtimeId = api(simulator)
                .body(Map.of("session_id", session, "image", "agent:1", "command", "serve", "working_dir", "/",
                        "environment", Map.of("A", "1"), "resource_factor", 2, "runtime_class", "sysbox-runc",
                        "some_future_field", true))
                .when().post(API + "/start")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("runtime_id", matchesPattern("[0-9a-f]{32}"))
                .body("session_id", equalTo(session))
                .body("status", equalTo("starting"))
                .body("$", not(hasKey("pod_status"))) // as the real API's /start answer
                .body("image", equalTo("agent:1"))
                .body("session_api_key", not(empty()))
                .body("restart_count", equalTo(0))
                .body("restart_reasons", empty())
                .extract().path("runtime_id");

        api(simulator).when().get(API + "/runtime/{id}", runtimeId)
                .then().statusCode(200).body("status", equalTo("starting")).body("pod_status", equalTo("pending"))
                .body("session_id", equalTo(session));
        assertThat(simulator.runtime(runtimeId).orElseThrow().url()).isEqualTo(agentBase + runtimeId);

        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                api(simulator).get(API + "/runtime/{id}", runtimeId).path("status")));
        api(simulator).when().get(API + "/runtime/{id}", runtimeId)
                .then().statusCode(200).body("pod_status", equalTo("ready"));
    }

    @Test
    void everyStartCreatesANewRuntime() {
        String session = newSession();
        String first = start(simulator, session);
        String second = start(simulator, session);

        assertThat(second).isNotEqualTo(first);
        assertThat(simulator.startsOfSession(session)).isEqualTo(2);
        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(2);
        assertThat(simulator.runtimeOfSession(session).orElseThrow().runtimeId()).isEqualTo(second);
        assertThat(simulator.runtime(first).orElseThrow().sessionApiKey())
                .isNotEqualTo(simulator.runtime(second).orElseThrow().sessionApiKey());
    }

    @Test
    void refusesStartWithoutSessionId() {
        api(simulator).body(Map.of("image", "agent:1")).when().post(API + "/start")
                .then().statusCode(400).contentType(ContentType.JSON).body("detail", equalTo("session_id is required"));
        api(simulator).body(Map.of("session_id", " ")).when().post(API + "/start").then().statusCode(400);
        api(simulator).body("{\"session_id\": ").when().post(API + "/start").then().statusCode(400);
        api(simulator).when().post(API + "/start").then().statusCode(400);
        assertThat(simulator.runtimes()).isEmpty();
    }

    @Test
    void findsTheNewestRuntimeOfASession() {
        String session = newSession();
        start(simulator, session);
        String newest = start(simulator, session);

        api(simulator).when().get(API + "/sessions/{session}", session)
                .then().statusCode(200).body("runtime_id", equalTo(newest))
                .body("$", not(hasKey("session_id"))); // as the real API's: the caller knows the session
        api(simulator).when().get(API + "/sessions/{session}", newSession())
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", not(empty()));
        assertThat(simulator.requestCount("GET", "/sessions/")).isEqualTo(2);
    }

    @Test
    void batchLeavesUnknownSessionsOut() {
        String one = newSession();
        String two = newSession();
        String oneRuntime = start(simulator, one);
        String twoRuntime = start(simulator, two);

        api(simulator).queryParam("ids", one, newSession(), two).when().get(API + "/sessions/batch")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("runtime_id", containsInAnyOrder(oneRuntime, twoRuntime));
        api(simulator).queryParam("ids", newSession()).when().get(API + "/sessions/batch")
                .then().statusCode(200).body("$", empty());
        assertThat(simulator.requestCount("GET", "/sessions/batch")).isEqualTo(2);
    }

    @Test
    void answers404ForUnknownRuntimes() {
        api(simulator).when().get(API + "/runtime/{id}", "0".repeat(32))
                .then().statusCode(404).contentType(ContentType.JSON).body("detail", not(empty()));
        for (String action : List.of("pause", "resume", "stop")) {
            api(simulator).body(Map.of("runtime_id", "unknown")).when().post(API + "/" + action)
                    .then().statusCode(404).body("detail", not(empty()));
        }
        api(simulator).body(Map.of()).when().post(API + "/pause").then().statusCode(400);
    }

    @Test
    void pausedRuntimeReadsPaused() {
        String runtimeId = start(simulator, newSession());

        api(simulator).body(Map.of("runtime_id", runtimeId)).when().post(API + "/pause")
                .then().statusCode(200).body("status", equalTo("paused")).body("pod_status", equalTo("not found"));
        api(simulator).when().get(API + "/runtime/{id}", runtimeId).then().body("status", equalTo("paused"));
    }

    @Test
    void resumedRuntimeGetsANewSessionKeyAndStartsAgain() {
        String runtimeId = start(simulator, newSession());
        String oldKey = simulator.runtime(runtimeId).orElseThrow().sessionApiKey();
        change(simulator, "pause", runtimeId);
        simulator.setStartDelay(Duration.ofHours(1));

        String newKey = api(simulator).body(Map.of("runtime_id", runtimeId)).when().post(API + "/resume")
                .then().statusCode(200).body("status", equalTo("starting")).body("pod_status", equalTo("pending"))
                .extract().path("session_api_key");

        assertThat(newKey).isNotBlank().isNotEqualTo(oldKey);
        assertThat(simulator.runtime(runtimeId).orElseThrow().sessionApiKey()).isEqualTo(newKey);
        simulator.setStartDelay(Duration.ZERO);
        api(simulator).when().get(API + "/runtime/{id}", runtimeId).then().body("status", equalTo("running"));
    }

    @Test
    void stoppedRuntimeIsLeftOutOfTheList() {
        String kept = start(simulator, newSession());
        String stopped = start(simulator, newSession());

        api(simulator).body(Map.of("runtime_id", stopped)).when().post(API + "/stop")
                .then().statusCode(200).body("status", equalTo("stopped"));

        api(simulator).when().get(API + "/list")
                .then().statusCode(200).body("runtimes.runtime_id", hasItem(kept))
                .body("runtimes.runtime_id", not(hasItem(stopped)));
        api(simulator).when().get(API + "/runtime/{id}", stopped).then().statusCode(200).body("status", equalTo("stopped"));
        api(simulator).body(Map.of("runtime_id", stopped)).when().post(API + "/stop").then().statusCode(200);
        api(simulator).body(Map.of("runtime_id", stopped)).when().post(API + "/resume").then().statusCode(404);
    }

    @Test
    void forgottenRuntimeAnswers404() {
        String session = newSession();
        String runtimeId = start(simulator, session);
        change(simulator, "stop", runtimeId);

        simulator.forget(runtimeId);

        api(simulator).when().get(API + "/runtime/{id}", runtimeId).then().statusCode(404);
        api(simulator).when().get(API + "/sessions/{session}", session).then().statusCode(404);
        assertThat(simulator.runtimeOfSession(session)).isEmpty();
        assertThat(simulator.startsOfSession(session)).isEqualTo(1);
    }

    @Test
    void forcedStatusHoldsUntilTheNextChange() {
        String runtimeId = start(simulator, newSession());
        simulator.forceStatus(runtimeId, "error", "failed");
        simulator.setStartDelay(Duration.ZERO);

        api(simulator).when().get(API + "/runtime/{id}", runtimeId)
                .then().body("status", equalTo("error")).body("pod_status", equalTo("failed"));

        change(simulator, "resume", runtimeId);
        api(simulator).when().get(API + "/runtime/{id}", runtimeId)
                .then().body("status", equalTo("running")).body("pod_status", equalTo("ready"));
    }

    @Test
    void answers404ForUnknownRoutes() {
        api(simulator).when().get(API + "/nothing-here").then().statusCode(404).body("detail", not(empty()));
    }

    @Test
    void snapshotsKeepTheSessionKeyOutOfToString() {
        SimulatedRuntime runtime = simulator.runtime(start(simulator, newSession())).orElseThrow();

        assertThat(runtime.toString()).contains(runtime.runtimeId()).doesNotContain(runtime.sessionApiKey());
    }
}

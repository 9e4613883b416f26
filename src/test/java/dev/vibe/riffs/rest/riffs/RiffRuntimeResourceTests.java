package dev.vibe.riffs.rest.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.simulator.SimulatedRuntime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class RiffRuntimeResourceTests extends FreshRuntimeApiTest {

    private SimulatedRuntime runtimeOf(String user, String riff) {
        return simulator.runtimeOfSession(sessionId(user, "app", riff)).orElseThrow();
    }

    @Test
    void resetOfAStartingRuntimeWaitsUntilItIsUsable() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        as(user).post("/api/apps/app/riffs/r/reset")
                .then().statusCode(200)
                .body("message", equalTo("LLM reset successfully"))
                .body("ready", equalTo(true))
                .body("riff.runtime_id", equalTo(runtimeId))
                .body("riff.runtime_status", equalTo("running"))
                .body("runtime.runtime_id", equalTo(runtimeId))
                .body("runtime.status", equalTo("running"))
                .body("runtime.pod_status", equalTo("ready"));
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void resetOfARunningRuntimeKeepsIt() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        await().atMost(Duration.ofSeconds(5)).until(() -> runtimeOf(user, "r").isReady());
        as(user).post("/api/apps/app/riffs/r/reset")
                .then().statusCode(200).body("riff.runtime_id", equalTo(runtimeId));
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void resetThatOutlastsItsBoundAnswers202WithTheCurrentState() {
        String user = newUser();
        simulator.setStartDelay(Duration.ofHours(1));
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        as(user).post("/api/apps/app/riffs/r/reset")
                .then().statusCode(202)
                .body("message", startsWith("LLM reset in progress"))
                .body("ready", equalTo(false))
                .body("riff.runtime_id", equalTo(runtimeId))
                .body("runtime.status", equalTo("starting"));
        simulator.setStartDelay(Duration.ZERO);
        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).body("riff.runtime_id", equalTo(runtimeId));
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void resetThatLosesTheRuntimeApiWhileWaitingAnswersWithWhatItDid() throws Exception {
        String user = newUser();
        simulator.setStartDelay(Duration.ofHours(1));
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        int lookups = simulator.requestCount("GET", "/runtime/");
        var reset = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> as(user).post("/api/apps/app/riffs/r/reset").then().extract().response());
        // Once the reset has looked the runtime up (its own work done), the runtime-api goes away while it waits.
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestCount("GET", "/runtime/") > lookups);
        simulator.goDown();
        var answer = reset.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.jsonPath().getString("riff.runtime_id")).isEqualTo(runtimeId);
    }

    @Test
    void resetOfAPausedRuntimeResumesItWithANewSessionKey() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        String newKey = as(user).post("/api/apps/app/riffs/r/reset")
                .then().statusCode(200)
                .body("riff.runtime_id", equalTo(created.getString("runtime_id")))
                .extract().path("riff.session_api_key");
        assertThat(newKey).isNotEqualTo(created.getString("session_api_key")).isEqualTo(runtimeOf(user, "r").sessionApiKey());
        assertThat(riff(user, "app", "r").getString("session_api_key")).isEqualTo(newKey);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void resetOfAStoppedRuntimeStartsANewOne() {
        String user = newUser();
        String old = newRiff(user, "app", "r").getString("runtime_id");
        given().header("X-API-Key", simulator.apiKey()).contentType("application/json").body(Map.of("runtime_id", old))
                .post("/simulator/runtime-api/stop").then().statusCode(200);
        String fresh = as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).extract().path("riff.runtime_id");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(2);
    }

    @Test
    void resetOfAMissingRuntimeStartsANewOne() {
        String user = newUser();
        String old = newRiff(user, "app", "r").getString("runtime_id");
        simulator.forget(old);
        String fresh = as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).extract().path("riff.runtime_id");
        assertThat(fresh).isNotEqualTo(old).isEqualTo(runtimeOf(user, "r").runtimeId());
    }

    @Test
    void resetOfAFailedRuntimeStartsANewOne() {
        String user = newUser();
        String old = newRiff(user, "app", "r").getString("runtime_id");
        simulator.forceStatus(old, "error", "failed");
        String fresh = as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).extract().path("riff.runtime_id");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(2);
    }

    @Test
    void resetOfARiffWithoutRuntimeStartsOne() {
        String user = newUser();
        createApp(user, "app");
        simulator.goDown();
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);
        simulator.comeBack();
        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).body("riff.runtime_id", notNullValue());
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void resetOfUnknownRiffIs404() {
        String user = newUser();
        as(user).post("/api/apps/none/riffs/r/reset").then().statusCode(404).body("error", equalTo("App not found"));
        createApp(user, "app");
        as(user).post("/api/apps/app/riffs/none/reset").then().statusCode(404).body("error", equalTo("Riff not found"));
    }

    @Test
    void resetDuringAnOutageAnswers503() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.goDown();
        as(user).post("/api/apps/app/riffs/r/reset")
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("status", equalTo("unavailable"))
                .body("error", startsWith("Runtime API unavailable"));
    }

    @Test
    void pausesAndResumesTheRuntime() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        as(user).post("/api/apps/app/riffs/r/runtime/pause")
                .then().statusCode(200)
                .body("message", equalTo("Runtime paused"))
                .body("riff.runtime_status", equalTo("paused"));
        assertThat(runtimeOf(user, "r").status()).isEqualTo("paused");

        String resumedKey = as(user).post("/api/apps/app/riffs/r/runtime/resume")
                .then().statusCode(200)
                .body("message", equalTo("Runtime resumed"))
                .body("riff.runtime_status", equalTo("starting"))
                .extract().path("riff.session_api_key");
        assertThat(resumedKey).isNotEqualTo(created.getString("session_api_key")).isEqualTo(runtimeOf(user, "r").sessionApiKey());
    }

    @Test
    void resumeOfARunningRuntimeLeavesItAlone() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        as(user).post("/api/apps/app/riffs/r/runtime/resume")
                .then().statusCode(200).body("riff.session_api_key", equalTo(created.getString("session_api_key")));
    }

    @Test
    void resumeOfAStoppedRuntimeIsAConflict() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        simulator.forceStatus(runtimeId, "stopped", "not found");
        as(user).post("/api/apps/app/riffs/r/runtime/resume")
                .then().statusCode(409).body("error", startsWith("Runtime is stopped"));
    }

    @Test
    void aResumeSlowerThanTheClientWaitAnswers202StartingAndIsRecordedWhenItAnswers() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        simulator.slowDownStarts(Duration.ofSeconds(8)); // /resume answers 8 s late; the profile's client wait is 3 s

        long begin = System.nanoTime();
        as(user).post("/api/apps/app/riffs/r/runtime/resume").then().statusCode(202)
                .body("message", equalTo("Runtime resume under way"))
                .body("riff.runtime_id", equalTo(created.getString("runtime_id")))
                .body("riff.runtime_status", equalTo("starting"))
                .body("riff.runtime_error", containsString("still being started"))
                .body("riff.session_api_key", equalTo(created.getString("session_api_key")))
                .body("runtime", nullValue());
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(7));
        // Shown starting, not stored: the riff stays paused until the resume's outcome is recorded.
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("paused");

        await().atMost(Duration.ofSeconds(20)).until(() -> !"paused".equals(riff(user, "app", "r").getString("runtime_status")));
        JsonPath recorded = riff(user, "app", "r");
        assertThat(recorded.getString("session_api_key")).isNotEqualTo(created.getString("session_api_key"))
                .isEqualTo(runtimeOf(user, "r").sessionApiKey());
        assertThat(recorded.getString("runtime_error")).isNull();
        // The resume was made once; another resume finds the runtime resumed and leaves it as it is.
        as(user).post("/api/apps/app/riffs/r/runtime/resume").then().statusCode(200)
                .body("message", equalTo("Runtime resumed"))
                .body("riff.session_api_key", equalTo(recorded.getString("session_api_key")));
        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(1);
    }

    @Test
    void aPauseSlowerThanTheClientWaitAnswers202WithTheStoredRiffAndIsRecordedWhenDone() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        // Each of the pause's three calls (look-up, /pause, look-up) answers within its 4 s timeout, all of them
        // together well after the test profile's 3 s client wait.
        simulator.slowDown(Duration.ofMillis(2500));

        long begin = System.nanoTime();
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(202)
                .body("message", equalTo("Runtime pause under way"))
                .body("riff.runtime_id", equalTo(created.getString("runtime_id")))
                .body("riff.runtime_status", not(equalTo("paused")))
                .body("runtime", nullValue());
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(6500));

        await().atMost(Duration.ofSeconds(20)).until(() -> "paused".equals(riff(user, "app", "r").getString("runtime_status")));
        assertThat(runtimeOf(user, "r").status()).isEqualTo("paused");
        assertThat(simulator.requestCount("POST", "/pause")).isEqualTo(1);
    }

    /** Stops the runtime at the runtime-api, as anything else with its key may: it stays known there, as stopped. */
    private void stopAtTheRuntimeApi(String runtimeId) {
        given().header("X-API-Key", simulator.apiKey()).contentType("application/json").body(Map.of("runtime_id", runtimeId))
                .post("/simulator/runtime-api/stop").then().statusCode(200);
    }

    @Test
    void pauseOfAStoppedOrFailedRuntimeIsAConflictAsResumeIs() {
        String user = newUser();
        String stopped = newRiff(user, "app", "r").getString("runtime_id");
        stopAtTheRuntimeApi(stopped);
        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200)
                .body("status", equalTo("found")).body("runtime.status", equalTo("stopped"));
        for (String action : new String[] { "pause", "resume" }) {
            as(user).post("/api/apps/app/riffs/r/runtime/" + action).then().statusCode(409)
                    .body("error", equalTo("Runtime is stopped; reset the agent to start a new one"));
        }
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("stopped");

        String failed = newRiff(user, "other", "r").getString("runtime_id");
        simulator.forceStatus(failed, "error", "failed");
        as(user).post("/api/apps/other/riffs/r/runtime/pause").then().statusCode(409)
                .body("error", equalTo("Runtime failed; reset the agent to start a new one"));
        assertThat(simulator.runtime(failed).orElseThrow().status()).as("left as it is").isEqualTo("error");
        as(user).post("/api/apps/other/riffs/r/reset").then().statusCode(200);
    }

    @Test
    void pauseOfARiffWithoutRuntimeIs404() {
        String user = newUser();
        createApp(user, "app");
        simulator.goDown();
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);
        simulator.comeBack();
        as(user).post("/api/apps/app/riffs/r/runtime/pause")
                .then().statusCode(404).body("status", equalTo("not_found")).body("error", equalTo("Riff has no runtime"));
    }

    @Test
    void reportsTheRuntimeLive() {
        String user = newUser();
        JsonPath created = newRiff(user, "app", "r");
        await().atMost(Duration.ofSeconds(5)).until(() -> runtimeOf(user, "r").isReady());
        as(user).get("/api/apps/app/riffs/r/runtime/status")
                .then().statusCode(200)
                .body("status", equalTo("found"))
                .body("runtime.runtime_id", equalTo(created.getString("runtime_id")))
                .body("runtime.session_id", equalTo(sessionId(user, "app", "r")))
                .body("runtime.session_api_key", equalTo(created.getString("session_api_key")))
                .body("runtime.status", equalTo("running"))
                .body("runtime.pod_status", equalTo("ready"));
        // The stored status followed the live one.
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("running");
    }

    @Test
    void reportsAMissingRuntimeAsNotFound() {
        String user = newUser();
        simulator.forget(newRiff(user, "app", "r").getString("runtime_id"));
        as(user).get("/api/apps/app/riffs/r/runtime/status")
                .then().statusCode(404).body("status", equalTo("not_found")).body("error", equalTo("Runtime not found"));
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("missing");
    }

    @Test
    void reportsRuntimeStatusOfUnknownRiffAsRiffNotFound() {
        String user = newUser();
        createApp(user, "app");
        as(user).get("/api/apps/app/riffs/none/runtime/status").then().statusCode(404).body("error", equalTo("Riff not found"));
        as(user).get("/api/apps/none/riffs/none/runtime/status").then().statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void runtimeStatusDuringAnOutageIs503() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.goDown();
        as(user).get("/api/apps/app/riffs/r/runtime/status")
                .then().statusCode(503).body("status", equalTo("unavailable")).body("error", not(equalTo(null)));
    }

    @Test
    void reportsRuntimeApiHealth() {
        given().get("/api/runtime/status")
                .then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("runtime_api_url", startsWith("http://localhost"))
                .body("details.api_key_configured", equalTo(true))
                .body("details.latency_ms", notNullValue())
                .body("details.circuit_breakers.runtime-api", equalTo("closed"));
        simulator.goDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/runtime/status")
                .then().statusCode(503)
                .body("status", equalTo("unhealthy"))
                .body("runtime_api_url", startsWith("http://localhost"))
                .body("error", notNullValue()));
    }
}

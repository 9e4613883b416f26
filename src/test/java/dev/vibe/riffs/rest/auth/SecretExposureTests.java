package dev.vibe.riffs.rest.auth;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The runtime-api key and session API keys appear in no other user's answer and in no log line. */
@QuarkusTest
class SecretExposureTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Test
    void anotherUserNeverSeesASessionKey() {
        String owner = newUser();
        String stranger = newUser();
        String key = newRiff(owner, "app", "r").getString("session_api_key");
        createApp(stranger, "app");
        List<String> answers = new ArrayList<>();
        answers.add(as(stranger).get("/api/apps").asString());
        answers.add(as(stranger).get("/api/apps/app/riffs").asString());
        answers.add(as(stranger).get("/api/apps/app/riffs/r").asString());
        answers.add(as(stranger).get("/api/apps/app/riffs/r/runtime/status").asString());
        answers.add(as(stranger).post("/api/apps/app/riffs/r/reset").asString());
        answers.add(as(stranger).post("/api/apps/app/riffs/r/runtime/pause").asString());
        answers.add(as(stranger).post("/api/apps/app/riffs/r/runtime/resume").asString());
        answers.add(as(stranger).body(Map.of("slug", "r")).post("/api/apps/app/riffs").asString());
        answers.add(given().get("/api/runtime/status").asString());
        assertThat(answers).noneMatch(answer -> answer.contains(key) || answer.contains(simulator.apiKey()));
    }

    @Test
    void noKeyIsEverLogged() {
        try (LogCapture logs = LogCapture.open()) {
            String user = newUser();
            JsonPath created = newRiff(user, "app", "r");
            List<String> keys = new ArrayList<>(List.of(simulator.apiKey(), created.getString("session_api_key")));
            as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
            keys.add(as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).extract().path("riff.session_api_key"));
            as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);
            simulator.failNext(3, 401);
            as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(502);
            simulator.goDown();
            as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(503);
            as(user).delete("/api/apps/app/riffs/r").then().statusCode(200);
            reconciler.reconcile();
            simulator.comeBack();

            // The capture sees the application's log lines, failures included...
            assertThat(logs.lines()).anyMatch(line -> line.startsWith("Started runtime"));
            assertThat(logs.lines()).anyMatch(line -> line.contains("cut short, next run in"));
            // ...and none of them holds a key.
            assertThat(logs.lines()).allSatisfy(line -> assertThat(keys).noneMatch(line::contains));
        }
    }
}

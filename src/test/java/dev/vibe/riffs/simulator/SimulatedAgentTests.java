package dev.vibe.riffs.simulator;

import static dev.vibe.riffs.simulator.SimulatorRequests.agent;
import static dev.vibe.riffs.simulator.SimulatorRequests.change;
import static dev.vibe.riffs.simulator.SimulatorRequests.start;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SimulatedAgentTests {

    @Inject
    RuntimeApiSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private SimulatedRuntime startRuntime() {
        return simulator.runtime(start(simulator, "user-" + UUID.randomUUID() + ":app:riff")).orElseThrow();
    }

    private SimulatedRuntime startRunningRuntime() {
        SimulatedRuntime runtime = startRuntime();
        awaitAlive(runtime.url(), runtime.sessionApiKey());
        return runtime;
    }

    private static void awaitAlive(String url, String sessionApiKey) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> agent(sessionApiKey).get(url + "/alive").statusCode() == 200);
    }

    @Test
    void agentAnswers503WhileStartingAnd200OnceRunning() {
        simulator.setStartDelay(Duration.ofHours(1));
        SimulatedRuntime runtime = startRuntime();

        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive")
                .then().statusCode(503).contentType(ContentType.JSON);
        agent(runtime.sessionApiKey()).get(runtime.url() + "/health").then().statusCode(503);

        simulator.setStartDelay(Duration.ZERO);
        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive")
                .then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo("ok"));
        agent(runtime.sessionApiKey()).get(runtime.url() + "/health").then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void agentBecomesAliveAfterTheConfiguredStartDelay() {
        SimulatedRuntime runtime = startRuntime();

        awaitAlive(runtime.url(), runtime.sessionApiKey());
    }

    @Test
    void aliveAndHealthNeedNoKeyAsWithTheRealAgentServer() {
        SimulatedRuntime runtime = startRunningRuntime();

        agent(null).get(runtime.url() + "/alive").then().statusCode(200);
        agent("wrong").get(runtime.url() + "/alive").then().statusCode(200);
        agent(null).get(runtime.url() + "/health").then().statusCode(200);
    }

    @Test
    void otherEndpointsRefuseAWrongOrMissingSessionKey() {
        SimulatedRuntime runtime = startRunningRuntime();

        agent(runtime.sessionApiKey()).get(runtime.url() + "/api/conversations/search")
                .then().statusCode(200).contentType(ContentType.JSON).body("items", empty());
        agent(null).get(runtime.url() + "/api/conversations/search").then().statusCode(401).body("detail", notNullValue());
        agent("wrong").get(runtime.url() + "/api/conversations/search").then().statusCode(401);
        agent(simulator.apiKey()).get(runtime.url() + "/api/conversations/search").then().statusCode(401);
    }

    @Test
    void pausedRuntimeAnswers503() {
        SimulatedRuntime runtime = startRunningRuntime();

        change(simulator, "pause", runtime.runtimeId());

        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive").then().statusCode(503);
    }

    @Test
    void resumedRuntimeRefusesTheOldSessionKey() {
        SimulatedRuntime runtime = startRunningRuntime();
        change(simulator, "pause", runtime.runtimeId());

        change(simulator, "resume", runtime.runtimeId());
        String newKey = simulator.runtime(runtime.runtimeId()).orElseThrow().sessionApiKey();

        agent(runtime.sessionApiKey()).get(runtime.url() + "/api/conversations/search").then().statusCode(401);
        awaitAlive(runtime.url(), newKey);
        agent(newKey).get(runtime.url() + "/api/conversations/search").then().statusCode(200);
        agent(runtime.sessionApiKey()).get(runtime.url() + "/api/conversations/search").then().statusCode(401);
    }

    @Test
    void forcedErrorAnswers503() {
        SimulatedRuntime runtime = startRunningRuntime();

        simulator.forceStatus(runtime.runtimeId(), "error", "crashloopbackoff");

        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive").then().statusCode(503);
    }

    @Test
    void unknownOrStoppedRuntimeAnswers404() {
        SimulatedRuntime runtime = startRunningRuntime();

        change(simulator, "stop", runtime.runtimeId());

        agent(runtime.sessionApiKey()).get(runtime.url() + "/alive").then().statusCode(404);
        String unknown = runtime.url().replace(runtime.runtimeId(), "f".repeat(32));
        agent(runtime.sessionApiKey()).get(unknown + "/alive").then().statusCode(404);
    }
}

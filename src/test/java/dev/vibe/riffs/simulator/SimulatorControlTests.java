package dev.vibe.riffs.simulator;

import static dev.vibe.riffs.simulator.SimulatorRequests.API;
import static dev.vibe.riffs.simulator.SimulatorRequests.api;
import static dev.vibe.riffs.simulator.SimulatorRequests.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The control page of the simulator and the JSON endpoints behind its buttons. */
@QuarkusTest
class SimulatorControlTests {

    private static final String CONTROL = "/simulator/control";

    @Inject
    RuntimeApiSimulator simulator;

    @BeforeEach
    @AfterEach
    void reset() {
        simulator.reset();
    }

    private static RequestSpecification control() {
        return given().contentType(ContentType.JSON);
    }

    @Test
    void servesThePage() {
        given().get("/simulator/ui")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("/simulator/control"));
    }

    @Test
    void listsRuntimesWithoutTheirSessionKeys() {
        String session = "user-" + UUID.randomUUID() + ":app:riff";
        String runtimeId = start(simulator, session);

        given().get(CONTROL + "/runtimes")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("runtimes.runtime_id", hasItem(runtimeId))
                .body("runtimes.find { it.runtime_id == '" + runtimeId + "' }.session_id", equalTo(session))
                .body("runtimes.find { it.runtime_id == '" + runtimeId + "' }.status", equalTo("starting"))
                .body("runtimes[0]", not(hasKey("session_api_key")));
    }

    @Test
    void goesDownAndComesBack() {
        control().body("{}").post(CONTROL + "/go-down")
                .then().statusCode(200).body("down", equalTo(true));

        assertThatThrownBy(() -> given().get(API + "/health")).isInstanceOf(IOException.class);

        control().post(CONTROL + "/come-back").then().statusCode(200).body("down", equalTo(false));
        given().get(API + "/health").then().statusCode(200);
    }

    @Test
    void slowsDownEveryAnswer() {
        control().body(Map.of("delay_ms", 400)).post(CONTROL + "/slow-down")
                .then().statusCode(200).body("delay_ms", equalTo(400));

        long began = System.nanoTime();
        given().get(API + "/health").then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void slowsDownStartsWhoseRuntimesAreMadeAtOnce() throws Exception {
        control().body(Map.of("delay_ms", 5_000)).post(CONTROL + "/slow-down-starts")
                .then().statusCode(200).body("start_delay_ms", equalTo(5_000));
        String session = "user-" + UUID.randomUUID() + ":app:riff";
        HttpRequest start = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + API + "/start"))
                .header("X-API-Key", simulator.apiKey()).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(1500))
                .POST(HttpRequest.BodyPublishers.ofString("{\"session_id\": \"" + session + "\"}"))
                .build();

        // A caller that gives up before the answer leaves the runtime made, as with the real runtime-api.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> client.send(start, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(simulator.runtimeOfSession(session)).isPresent();
        assertThat(simulator.startsOfSession(session)).isEqualTo(1);
    }

    @Test
    void answersOddlyAsAsked() {
        String session = "user-" + UUID.randomUUID() + ":app:riff";
        start(simulator, session);
        control().body(Map.of("count", 1, "kind", "null_batch_item")).post(CONTROL + "/answer-oddly")
                .then().statusCode(200).body("odd_answers.null_batch_item", equalTo(1));
        control().body(Map.of("count", 1, "kind", "odd_fields")).post(CONTROL + "/answer-oddly").then().statusCode(200);

        api(simulator).queryParam("ids", session).get(API + "/sessions/batch")
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0]", equalTo(null))
                .body("[1].pod_status", equalTo(7))
                .body("[1].restart_count", equalTo("3"))
                .body("[1].restart_reasons[0].reason", equalTo("OOMKilled"));
        api(simulator).queryParam("ids", session).get(API + "/sessions/batch")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].pod_status", not(equalTo(7)));
        given().get(CONTROL + "/faults").then().statusCode(200).body("odd_answers", equalTo(Map.of()));
        control().body(Map.of("count", 1, "kind", "no_such_kind")).post(CONTROL + "/answer-oddly")
                .then().statusCode(400).body("error", containsString("resume_only_key"));
    }

    @Test
    void failsTheNextRequestsWithTheStatusAndRetryAfterAsked() {
        control().body(Map.of("count", 2, "status", 429, "retry_after_seconds", 3)).post(CONTROL + "/fail-next")
                .then().statusCode(200).body("queued_faults", equalTo(2));

        given().get(API + "/health").then().statusCode(429).header("Retry-After", "3");
        api(simulator).get(API + "/list").then().statusCode(429);
        given().get(API + "/health").then().statusCode(200);
        given().get(CONTROL + "/faults").then().statusCode(200).body("queued_faults", equalTo(0));
    }

    @Test
    void clearsEveryFault() {
        control().post(CONTROL + "/go-down").then().statusCode(200);
        control().body(Map.of("delay_ms", 30_000)).post(CONTROL + "/slow-down").then().statusCode(200);
        control().body(Map.of("count", 5, "status", 500)).post(CONTROL + "/fail-next").then().statusCode(200);

        control().post(CONTROL + "/clear")
                .then().statusCode(200)
                .body("down", equalTo(false)).body("delay_ms", equalTo(0)).body("queued_faults", equalTo(0));

        given().get(API + "/health").then().statusCode(200);
    }

    @Test
    void failsAndForgetsOneRuntime() {
        String failed = start(simulator, "user-" + UUID.randomUUID() + ":app:a");
        String forgotten = start(simulator, "user-" + UUID.randomUUID() + ":app:b");

        control().post(CONTROL + "/runtimes/" + failed + "/fail").then().statusCode(200);
        control().post(CONTROL + "/runtimes/" + forgotten + "/forget").then().statusCode(200);

        api(simulator).get(API + "/runtime/" + failed)
                .then().statusCode(200).body("status", equalTo("error")).body("pod_status", equalTo("failed"));
        api(simulator).get(API + "/runtime/" + forgotten).then().statusCode(404);
        control().post(CONTROL + "/runtimes/" + forgotten + "/forget")
                .then().statusCode(404).body("error", containsString(forgotten));
    }

    @Test
    void refusesBadRequests() {
        control().body(Map.of("delay_ms", -1)).post(CONTROL + "/slow-down")
                .then().statusCode(400).body("error", containsString("delay_ms"));
        control().body(Map.of("delay_ms", "100")).post(CONTROL + "/slow-down").then().statusCode(400);
        control().body(Map.of("count", 0, "status", 503)).post(CONTROL + "/fail-next").then().statusCode(400);
        control().body(Map.of("count", 1, "status", 42)).post(CONTROL + "/fail-next").then().statusCode(400);
        control().body(Map.of("count", 1, "status", 503, "retry_after_seconds", -5)).post(CONTROL + "/fail-next")
                .then().statusCode(400);
        control().post(CONTROL + "/nothing-here").then().statusCode(404);
        given().get(CONTROL + "/faults").then().statusCode(200)
                .body("delay_ms", equalTo(0)).body("queued_faults", equalTo(0));
    }

    @Test
    void acceptsOnlyJsonPosts() {
        // A form or a plain-text POST is what another site's page could send without a CORS preflight.
        given().contentType(ContentType.URLENC).formParam("x", "1").post(CONTROL + "/go-down")
                .then().statusCode(415);
        given().contentType(ContentType.TEXT).body("{}").post(CONTROL + "/go-down").then().statusCode(415);

        given().get(CONTROL + "/faults").then().statusCode(200).body("down", equalTo(false));
    }
}

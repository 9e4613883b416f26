package dev.vibe.riffs.simulator;

import static dev.vibe.riffs.simulator.SimulatorRequests.API;
import static dev.vibe.riffs.simulator.SimulatorRequests.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class RuntimeApiFaultTests {

    @Inject
    RuntimeApiSimulator simulator;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @AfterEach
    void leaveNoFaultBehind() {
        simulator.reset();
    }

    @Test
    void downApiClosesConnectionsWithoutAnswering() {
        simulator.goDown();

        assertThatThrownBy(() -> given().get(API + "/health")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> api(simulator).body(Map.of("session_id", "s")).post(API + "/start"))
                .isInstanceOf(IOException.class);
        assertThat(simulator.runtimes()).isEmpty();
        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(1);

        simulator.comeBack();
        given().get(API + "/health").then().statusCode(200);
    }

    @Test
    void slowApiAnswersAfterTheDelay() {
        Duration delay = Duration.ofMillis(700);
        simulator.slowDown(delay);

        long began = System.nanoTime();
        api(simulator).get(API + "/list").then().statusCode(200);
        given().get(API + "/health").then().statusCode(200);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(delay.multipliedBy(2));
        simulator.slowDown(Duration.ZERO);
        long fastBegan = System.nanoTime();
        given().get(API + "/health").then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - fastBegan)).isLessThan(delay);
    }

    @Test
    void failedRequestsAnswerTheInjectedStatusThenTheApiRecovers() {
        simulator.failNext(2, 503);

        given().get(API + "/health")
                .then().statusCode(503).contentType(ContentType.JSON).body("detail", equalTo("injected"));
        api(simulator).body(Map.of("session_id", "s")).post(API + "/start")
                .then().statusCode(503).header("Retry-After", (String) null);
        api(simulator).body(Map.of("session_id", "s")).post(API + "/start").then().statusCode(201);

        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(2);
        assertThat(simulator.startsOfSession("s")).isEqualTo(1);
    }

    @Test
    void injectedFaultsComeBeforeTheApiKeyCheck() {
        simulator.failNext(1, 502);

        given().get(API + "/list").then().statusCode(502);
        given().get(API + "/list").then().statusCode(401);
    }

    @Test
    void throttledRequestsCarryRetryAfter() {
        simulator.failNextWithRetryAfter(1, 429, 7);

        api(simulator).get(API + "/list")
                .then().statusCode(429).header("Retry-After", "7").body("detail", equalTo("injected"));
        api(simulator).get(API + "/list").then().statusCode(200);
    }

    @Test
    void malformedJsonAnswersCannotBeParsed() {
        simulator.answerMalformedJsonNext(1);

        Response response = api(simulator).get(API + "/sessions/any");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.asString()).isEqualTo("{\"runtime_id\": ");
        assertThatThrownBy(() -> mapper.readTree(response.asString())).isInstanceOf(JsonProcessingException.class);
        api(simulator).get(API + "/sessions/any").then().statusCode(404);
    }

    @Test
    void resetClearsEveryFault() {
        simulator.failNext(3, 500);
        simulator.answerMalformedJsonNext(1);
        simulator.slowDown(Duration.ofSeconds(30));
        simulator.goDown();

        simulator.reset();

        given().get(API + "/health").then().statusCode(200).body("status", equalTo("ok"));
        assertThat(simulator.requestCount("GET", "/health")).isEqualTo(1);
    }
}

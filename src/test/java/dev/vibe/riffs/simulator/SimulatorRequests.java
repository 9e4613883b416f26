package dev.vibe.riffs.simulator;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests to the simulated runtime-api and agent servers, as a client of the real ones makes them. */
final class SimulatorRequests {

    static final String API = "/simulator/runtime-api";

    private SimulatorRequests() {
    }

    static RequestSpecification api(RuntimeApiSimulator simulator) {
        return given().header("X-API-Key", simulator.apiKey()).contentType(ContentType.JSON);
    }

    /** Starts a runtime for the session and returns its id. */
    static String start(RuntimeApiSimulator simulator, String sessionId) {
        return api(simulator).body(Map.of("session_id", sessionId, "image", "agent:1"))
                .post(API + "/start")
                .then().statusCode(201)
                .extract().path("runtime_id");
    }

    static void change(RuntimeApiSimulator simulator, String action, String runtimeId) {
        api(simulator).body(Map.of("runtime_id", runtimeId)).post(API + "/" + action).then().statusCode(200);
    }

    static RequestSpecification agent(String sessionApiKey) {
        RequestSpecification request = given();
        return sessionApiKey == null ? request : request.header("X-Session-API-Key", sessionApiKey);
    }
}

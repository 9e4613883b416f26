package dev.vibe.riffs.rest;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * What only the production build shows: no simulator, probes and metrics on the management port (and nothing of it on
 * the API port), no API description unless asked for, and a runtime-api that is unreachable (the suite points it at a
 * closed port) degrading instead of failing.
 */
@QuarkusIntegrationTest
class ProductionBuildIT {

    @Test
    void containsNoSimulator() {
        given().get("/simulator/runtime-api/health").then().statusCode(404);
        given().get("/simulator/agent/x/alive").then().statusCode(404);
        given().get("/simulator/ui").then().statusCode(404);
        given().get("/simulator/control/runtimes").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/simulator/control/go-down").then().statusCode(404);
    }

    @Test
    void servesTheProbesAndNeverStartsWithoutItsRuntimeApi() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // A pod whose runtime-api is unreachable never becomes started: a rollout with a wrong URL stops there.
        Management.given().get("/q/health/started").then().statusCode(503)
                .body("checks.find { it.name == 'runtime-api-startup' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'runtime-api-startup' }.data.url", equalTo("http://127.0.0.1:9"));
        // Default settings: readiness is the database's; the runtime-api is only reported, down.
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("runtime-api"))
                .body("checks.find { it.name == 'runtime-api' }.data.healthy", equalTo(false));
    }

    @Test
    void servesMetricsButNoApiDescriptionUnlessAskedFor() {
        Management.given().get("/q/metrics").then().statusCode(200).body(containsString("runtime_api_calls_in_flight"));
        Management.given().get("/q/openapi").then().statusCode(404);
        Management.given().get("/q/swagger-ui/").then().statusCode(404);
    }

    @Test
    void theApiPortServesNoManagementRoute() {
        for (String path : new String[] { "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void keepsServingWithoutTheRuntimeApi() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs")
                .then().statusCode(201).body("riff.runtime_id", nullValue());
        given().get("/api/runtime/status").then().statusCode(503).body("status", equalTo("unhealthy"));
        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(503);
    }
}

package dev.vibe.riffs.rest.status;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import dev.vibe.riffs.rest.OpenApiDocument;
import dev.vibe.riffs.simulator.RuntimeApiSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A deployment where the runtime-api is optional: no RUNTIME_API_STAGING_SECRET (readiness only reports the
 * runtime-api, as by default). The service still serves, makes no keyed call, and says runtimes are not configured.
 */
@QuarkusTest
@TestProfile(RuntimeApiOptionalTests.RuntimeApiOptional.class)
class RuntimeApiOptionalTests {

    public static class RuntimeApiOptional implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.runtime-api.staging-secret", "", "runtime-api.staging-secret", "");
        }
    }

    @Inject
    RuntimeApiSimulator simulator;

    @BeforeEach
    void freshRuntimeApi() {
        simulator.reset();
    }

    @Test
    void createsRiffsWithoutRuntimes() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs")
                .then().statusCode(201)
                .body("riff.runtime_id", nullValue())
                .body("riff.session_api_key", nullValue())
                .body("riff.runtime_error", startsWith("runtime-api is not configured"));
        assertThat(simulator.requestCount("POST", "/start")).isZero();
        assertThat(simulator.requestCount("GET", "/sessions")).isZero();
    }

    @Test
    void reportsRuntimesAsNotConfigured() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);
        for (String path : new String[] { "reset", "runtime/pause", "runtime/resume" }) {
            as(user).post("/api/apps/app/riffs/r/" + path)
                    .then().statusCode(503).body("status", equalTo("not_configured"));
        }
        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(503).body("status", equalTo("not_configured"));
        OpenApiDocument.served().assertDocuments("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"))
                .then().header("Retry-After", nullValue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/runtime/status")
                .then().statusCode(200).body("details.api_key_configured", equalTo(false)));
        // Without a key the service runs by design: start-up waits for the runtime-api's health only.
        Management.given().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'runtime-api-startup' }.data.api_key_configured", equalTo(false));
        assertThat(simulator.requestCount("GET", "/health")).isPositive();
        assertThat(simulator.requestCount("POST", "/")).isZero();
    }

    @Test
    void staysReadyDuringARuntimeApiOutageWhenTheCheckIsInformative() {
        simulator.goDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'runtime-api' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'runtime-api' }.data.healthy", equalTo(false))
                .body("checks.find { it.name == 'runtime-api' }.data.required_for_readiness", equalTo(false)));
        simulator.comeBack();
    }
}

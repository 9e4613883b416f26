package dev.vibe.riffs.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.health.RuntimeApiHealth;
import dev.vibe.riffs.runtime.health.RuntimeApiHealthProbe;
import dev.vibe.riffs.Management;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeApiConfig config;

    @Inject
    RuntimeApiClient api;

    @Test
    void isReadyWithTheDatabaseAndReportsTheRuntimeApi() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("runtime-api"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'runtime-api' }.data.url", containsString("/simulator/runtime-api"))
                .body("checks.find { it.name == 'runtime-api' }.data.latency_ms", notNullValue())
                .body(not(containsString(simulator.apiKey()))));
    }

    @Test
    void aRuntimeApiOutageLeavesThePodReadyAliveAndStarted() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/started").then().statusCode(200));
        simulator.goDown();

        // Default settings: the outage shows in the report, and the pod stays in the Service.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'runtime-api' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'runtime-api' }.data.healthy", equalTo(false))
                .body("checks.find { it.name == 'runtime-api' }.data.required_for_readiness", equalTo(false))
                .body("checks.find { it.name == 'runtime-api' }.data.error", notNullValue()));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // Once passed, the startup check stays passed: an outage never restarts pods.
        Management.given().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'runtime-api-startup' }.status", equalTo("UP"))
                .body(not(containsString(simulator.apiKey())));
    }

    @Test
    void startUpWaitsForAHealthyRuntimeApiThatAcceptsTheKeyAndThenStaysPassed() {
        // A check of its own, as a new pod has: the application's passed long ago.
        RuntimeApiHealthProbe probe = new RuntimeApiHealthProbe(api, config);
        RuntimeApiStartupCheck check = new RuntimeApiStartupCheck(probe, api);
        simulator.goDown();
        assertThat(check.call().getStatus()).isEqualTo(Status.DOWN); // a wrong URL, or a runtime-api that does not answer
        simulator.comeBack();

        // A refused key: /health answers (it needs no key), the key check gets 401.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            RuntimeApiHealth health = probe.check();
            // Healthy and checked less than a second ago (cached for 2 s): the next request is the key check.
            assertThat(health.healthy() && health.checkedAt().isAfter(Instant.now().minusSeconds(1))).isTrue();
            simulator.failNext(1, 401);
            HealthCheckResponse refused = check.call();
            assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
            assertThat(refused.getData().orElseThrow().get("error").toString()).contains("key check failed")
                    .contains("refused the API key").doesNotContain(simulator.apiKey());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> check.call().getStatus() == Status.UP);
        simulator.goDown();
        simulator.failNext(5, 401);
        assertThat(check.call().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void cachesTheRuntimeApiCheck() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready").then().statusCode(200));
        int before = simulator.requestCount("GET", "/health");
        for (int i = 0; i < 5; i++) {
            Management.given().get("/q/health/ready").then().statusCode(200);
        }
        // Five probes within the cache period (2 s in tests) make at most one call.
        assertThat(simulator.requestCount("GET", "/health") - before).isLessThanOrEqualTo(1);
    }
}

package dev.vibe.riffs.health;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.Management;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTests extends FreshRuntimeApiTest {

    @Test
    void isReadyWithTheDatabaseAndTheRuntimeApi() {
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
    void isNotReadyWhileTheRuntimeApiIsDownButStaysAlive() {
        simulator.goDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'runtime-api' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'runtime-api' }.data.error", notNullValue()));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));

        simulator.comeBack();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void cachesTheRuntimeApiCheck() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready").then().statusCode(200));
        int before = simulator.requestCount("GET", "/health");
        for (int i = 0; i < 5; i++) {
            Management.given().get("/q/health/ready").then().statusCode(200);
        }
        // Five probes within the cache period (2 s in tests) make at most one call.
        org.assertj.core.api.Assertions.assertThat(simulator.requestCount("GET", "/health") - before).isLessThanOrEqualTo(1);
    }
}

package dev.vibe.riffs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vibe.riffs.Management;
import dev.vibe.riffs.rest.auth.UserIdentityFilter;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health, metrics and the API description live on the management port only: the API port, which the gateway (and
 * whoever reaches it) sees, answers them as any unknown path.
 */
@QuarkusTest
class ManagementInterfaceTests {

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi",
            "/q/swagger-ui/", "/q/dev-ui" })
    void theApiPortServesNoManagementRoute(String path) {
        given().get(path).then().statusCode(404).contentType(containsString("json"));
    }

    @Test
    void theManagementPortServesHealthMetricsAndTheDescription() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/metrics").then().statusCode(200).body(containsString("runtime_api_calls_in_flight"));
        Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/apps"));
        Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void theManagementPortServesNoApiRoute() {
        Management.given().header(UserIdentityFilter.HEADER, Api.newUser()).get("/api/apps").then().statusCode(404);
    }
}

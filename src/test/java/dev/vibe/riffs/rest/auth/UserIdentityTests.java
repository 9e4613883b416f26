package dev.vibe.riffs.rest.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserIdentityTests {

    @Test
    void requiresTheHeader() {
        given().when().get("/api/apps")
                .then().statusCode(400).body("error", equalTo("X-User-UUID header is required"));
        given().when().get("/api/apps/x/riffs/y")
                .then().statusCode(400).body("error", equalTo("X-User-UUID header is required"));
    }

    @Test
    void treatsAnEmptyOrBlankHeaderAsMissing() {
        // The HTTP layer drops whitespace around a header's value (RFC 9110, 5.5): a blank one arrives empty.
        for (String blank : new String[] { "", "   ", "\t" }) {
            given().header("X-User-UUID", blank).when().get("/api/apps")
                    .then().statusCode(400).body("error", equalTo("X-User-UUID header is required"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "user:1", "a b", "user/1", "x'; drop table apps; --", "ünïcode", "<script>" })
    void rejectsIdsOutsideTheAllowedCharacters(String userId) {
        given().header("X-User-UUID", userId).when().get("/api/apps")
                .then().statusCode(400).body("error", startsWith("X-User-UUID must be 1 to 128 characters"));
    }

    @Test
    void rejectsIdsLongerThan128Characters() {
        given().header("X-User-UUID", "a".repeat(129)).when().get("/api/apps")
                .then().statusCode(400).body("error", startsWith("X-User-UUID must be"));
        given().header("X-User-UUID", "a".repeat(128)).when().get("/api/apps").then().statusCode(200);
    }

    @Test
    void acceptsTestStyleIdsAndTrimsThem() {
        String user = "test-create-riff-success-uuid-" + System.nanoTime();
        given().header("X-User-UUID", "  " + user + " ").contentType("application/json").body("{\"slug\":\"trimmed\"}")
                .when().post("/api/apps")
                .then().statusCode(201).body("app.created_by", equalTo(user));
        given().header("X-User-UUID", user).when().get("/api/apps/trimmed").then().statusCode(200);
    }
}

package dev.vibe.riffs.rest;

import static dev.vibe.riffs.rest.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.rest.auth.JwtModeTests;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CORS is off by default (the frontend and the API share an origin behind the gateway): no page of another origin is
 * told it may read an answer, whichever origin it is. {@link JwtModeTests} has CORS on for one origin.
 */
@QuarkusTest
class CorsOffTests {

    @Test
    void aPreflightGetsNoPermission() {
        for (String origin : new String[] { JwtModeTests.FRONTEND, "https://evil.test" }) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-user-uuid")
                    .options("/api/apps")
                    .then().header("Access-Control-Allow-Origin", nullValue()).header("Access-Control-Allow-Methods", nullValue());
        }
    }

    @Test
    void aCrossOriginRequestIsAnsweredWithoutPermissionToReadIt() {
        for (String origin : new String[] { JwtModeTests.FRONTEND, "https://evil.test" }) {
            as(Api.newUser()).header("Origin", origin).get("/api/apps")
                    .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
        }
    }
}

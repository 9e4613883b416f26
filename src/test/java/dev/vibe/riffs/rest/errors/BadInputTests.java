package dev.vibe.riffs.rest.errors;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Garbage in gets a 4xx with the JSON error shape, never a 500, and nothing is written. */
@QuarkusTest
class BadInputTests {

    @ParameterizedTest
    @ValueSource(strings = { "My-App", "-app", "app-", "a--b", "a_b", "a b", "app'; drop table apps; --", "' or 1=1 --",
            "ünïcode", "日本語", "emoji-😀", "a\u0000b", "../etc", "%2e%2e" })
    void rejectsInvalidSlugsInBodies(String slug) {
        String user = newUser();
        as(user).body(Map.of("slug", slug)).when().post("/api/apps")
                .then().statusCode(400).body("error", startsWith("App slug must contain only"));
        createApp(user, "app");
        as(user).body(Map.of("slug", slug)).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", startsWith("Riff slug must contain only"));
        as(user).when().get("/api/apps").then().body("count", equalTo(1));
        as(user).when().get("/api/apps/app/riffs").then().body("count", equalTo(0));
    }

    @Test
    void rejectsSlugsLongerThan63Characters() {
        String user = newUser();
        as(user).body(Map.of("slug", "a".repeat(64))).when().post("/api/apps")
                .then().statusCode(400).body("error", startsWith("App slug must contain only"));
        as(user).body(Map.of("slug", "a".repeat(63))).when().post("/api/apps").then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = { "UPPER", "a_b", "ünï", "x'or'1'='1", "a--b" })
    void findsNothingAtInvalidSlugsInPaths(String slug) {
        // As the Flask backend: a slug in a path is only looked up, and no app or riff has an invalid one.
        String user = newUser();
        as(user).when().get("/api/apps/{slug}", slug)
                .then().statusCode(404).body("error", equalTo("App not found"));
        createApp(user, "app");
        as(user).when().get("/api/apps/app/riffs/{riff}", slug)
                .then().statusCode(404).body("error", equalTo("Riff not found"));
        as(user).when().delete("/api/apps/app/riffs/{riff}", slug).then().statusCode(404);
    }

    @Test
    void rejectsMalformedJson() {
        as(newUser()).body("{\"slug\": ").when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("Malformed JSON in request body"));
        as(newUser()).body("not json at all").when().post("/api/apps")
                .then().statusCode(400).body("error", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"slug\": \"abc\"}}", "{\"slug\":\"abc\"} x", "{\"slug\": \"abc\"} {\"slug\": \"def\"}",
            "{\"slug\": \"abc\"}]", "{\"slug\": \"abc\"} 1" })
    void rejectsTrailingCharactersAfterTheBody(String body) {
        String user = newUser();
        as(user).body(body).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("Malformed JSON in request body"));
        as(user).when().get("/api/apps/abc").then().statusCode(404);
        createApp(user, "app");
        as(user).body(body).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", equalTo("Malformed JSON in request body"));
        as(user).when().get("/api/apps/app/riffs/abc").then().statusCode(404).body("error", equalTo("Riff not found"));
        as(user).when().get("/api/apps").then().body("count", equalTo(1));
    }

    @Test
    void acceptsTrailingWhitespaceAfterTheBody() {
        String user = newUser();
        as(user).body("{\"slug\": \"abc\"} \n\t ").when().post("/api/apps").then().statusCode(201);
    }

    @Test
    void rejectsWrongTypes() {
        String user = newUser();
        as(user).body("{\"slug\": 123}").when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("Field 'slug' has the wrong type"));
        as(user).body("{\"slug\": true}").when().post("/api/apps").then().statusCode(400);
        as(user).body("{\"slug\": [\"a\"]}").when().post("/api/apps").then().statusCode(400);
        as(user).body("{\"slug\": {\"a\": 1}}").when().post("/api/apps").then().statusCode(400);
        as(user).body("[\"app\"]").when().post("/api/apps").then().statusCode(400).body("error", notNullValue());
        as(user).body("\"app\"").when().post("/api/apps").then().statusCode(400).body("error", notNullValue());
        as(user).body("{\"slug\": \"ok\", \"name\": 5}").when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("Field 'name' has the wrong type"));
        as(user).when().get("/api/apps").then().body("count", equalTo(0));
    }

    @Test
    void rejectsOversizedBody() {
        String user = newUser();
        String huge = "{\"slug\": \"big\", \"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        as(user).body(huge).when().post("/api/apps")
                .then().statusCode(413).contentType(ContentType.JSON).body("error", equalTo("Request body too large"));
        as(user).when().get("/api/apps").then().body("count", equalTo(0));
    }

    @Test
    void rejectsOverlongFields() {
        String user = newUser();
        as(user).body(Map.of("slug", "a", "name", "n".repeat(256))).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("App name must be at most 255 characters"));
    }

    @Test
    void rejectsOtherContentTypes() {
        given().header("X-User-UUID", newUser()).contentType(ContentType.XML).body("<slug>a</slug>")
                .when().post("/api/apps")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", startsWith("Unsupported media type"));
        given().header("X-User-UUID", newUser()).contentType(ContentType.TEXT).body("slug=a")
                .when().post("/api/apps")
                .then().statusCode(415).body("error", startsWith("Unsupported media type"));
    }

    @Test
    void answersUnknownRoutesAndMethodsWithJson() {
        as(newUser()).when().get("/api/nothing-here")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", notNullValue());
        as(newUser()).when().put("/api/apps")
                .then().statusCode(405).contentType(ContentType.JSON).body("error", equalTo("Method not allowed"));
    }

    @Test
    void answersAnAcceptWithoutJsonWith406InJson() {
        String user = newUser();
        List<Response> answers = List.of(
                as(user).accept("application/xml").get("/api/apps"),
                given().accept("application/xml").get("/api/runtime/status"),
                as(user).accept("application/xml").body(Map.of("slug", "app")).post("/api/apps"),
                as(user).accept("text/html").get("/api/apps/app/riffs"));
        for (Response answer : answers) {
            answer.then().statusCode(406).contentType(ContentType.JSON)
                    .body("error", equalTo("Not acceptable: this API answers application/json"));
        }
        as(user).get("/api/apps").then().statusCode(200).body("count", equalTo(0));
        // Other errors are JSON whatever the Accept.
        as(user).accept("application/xml").get("/api/nothing-here").then().statusCode(404).contentType(ContentType.JSON);
        as(user).accept("application/xml").put("/api/apps").then().statusCode(405).contentType(ContentType.JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = { "*/*", "application/*", "application/json", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" })
    void answersJsonToAnAcceptThatAllowsIt(String accept) {
        as(newUser()).accept(accept).get("/api/apps").then().statusCode(200).contentType(ContentType.JSON).body("count", equalTo(0));
        as(newUser()).accept(accept).get("/api/apps/none").then().statusCode(404).contentType(ContentType.JSON);
        given().accept(accept).get("/api/runtime/status").then().contentType(ContentType.JSON).body("status", notNullValue());
    }

    @Test
    void neverLeaksInternalsInErrors() {
        as(newUser()).body("{\"slug\": 1}").when().post("/api/apps")
                .then().statusCode(400)
                .body(not(containsString("com.fasterxml")))
                .body(not(containsString("Exception")));
    }
}

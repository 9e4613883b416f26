package dev.vibe.riffs.rest;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vibe.riffs.rest.apps.InitialRiffProfile;
import dev.vibe.riffs.rest.apps.InitialRiffTests;
import dev.vibe.riffs.rest.riffs.RiffReadinessTests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The contract of {@code vibe-api.md} (the API Vibe's frontend and the Flask backend's own tests use), route by route:
 * status, shape, the exact texts, and the order in which errors are checked. What needs a runtime (ready, reset) is
 * in {@code RiffReadinessTests} and {@code InitialRiffTests}; this class runs on the packaged application too.
 */
@QuarkusTest
@TestProfile(InitialRiffProfile.class)
class VibeApiContractTests {

    static final String INVALID_APP_SLUG = "App slug must contain only lowercase letters, numbers, and hyphens "
            + "(no consecutive hyphens, no leading/trailing hyphens)";
    static final String INVALID_RIFF_SLUG = "Riff slug must contain only lowercase letters, numbers, and hyphens "
            + "(no consecutive hyphens, no leading/trailing hyphens)";

    /** The answer, checked for what every answer of the API is: JSON, typed exactly {@code application/json}. */
    private static ValidatableResponse json(ValidatableResponse answer) {
        return answer.header("Content-Type", equalTo("application/json"));
    }

    private static void newApp(String user, String slug) {
        as(user).body(Map.of("slug", slug)).post("/api/apps").then().statusCode(201);
    }

    // --- Identity ------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({ "GET,/api/apps", "POST,/api/apps", "GET,/api/apps/a", "DELETE,/api/apps/a", "GET,/api/apps/a/riffs",
            "POST,/api/apps/a/riffs", "DELETE,/api/apps/a/riffs/r", "POST,/api/apps/a/riffs/r/reset",
            "GET,/api/apps/a/riffs/r/ready", "GET,/api/apps/a/riffs/r/runtime/status" })
    void checksTheHeaderFirstOnEveryRoute(String method, String path) {
        // A body that is wrong in every way, and an app that does not exist: the header still comes first.
        json(given().contentType(ContentType.JSON).body("{\"slug\": ").request(method, path).then())
                .statusCode(400).body("error", equalTo("X-User-UUID header is required"));
        json(given().header("X-User-UUID", "").contentType(ContentType.JSON).body("{}").request(method, path).then())
                .statusCode(400).body("error", equalTo("X-User-UUID header is required"));
        // Whitespace around a header's value is not part of it (RFC 9110, 5.5): the HTTP layer drops it, so a value of only
        // whitespace arrives empty, as it did at the Flask backend behind its HTTP server (only its in-process test client
        // kept the spaces and answered "UUID cannot be empty").
        json(given().header("X-User-UUID", " \t ").contentType(ContentType.JSON).body("{}").request(method, path).then())
                .statusCode(400).body("error", equalTo("X-User-UUID header is required"));
    }

    @Test
    void scopesEverythingToTheUserAsNotFound() {
        String owner = newUser();
        String stranger = newUser();
        newApp(owner, "mine");
        json(as(stranger).get("/api/apps/mine").then()).statusCode(404).body("error", equalTo("App not found"));
        json(as(stranger).get("/api/apps/mine/riffs").then()).statusCode(404).body("error", equalTo("App not found"));
        json(as(stranger).get("/api/apps/mine/riffs/rename-to-mine/ready").then()).statusCode(404).body("error", equalTo("App not found"));
        json(as(stranger).post("/api/apps/mine/riffs/rename-to-mine/reset").then()).statusCode(404).body("error", equalTo("App not found"));
        json(as(stranger).delete("/api/apps/mine").then()).statusCode(404).body("error", equalTo("App not found"));
        as(owner).get("/api/apps/mine").then().statusCode(200);
    }

    // --- Apps ----------------------------------------------------------------------------------------

    @Test
    void listsApps() {
        String user = newUser();
        json(as(user).get("/api/apps").then()).statusCode(200).body("apps", equalTo(java.util.List.of())).body("count", equalTo(0));
        newApp(user, "first");
        newApp(user, "second");
        json(as(user).get("/api/apps").then()).statusCode(200).body("count", equalTo(2)).body("apps.slug", contains("second", "first"));
    }

    @Test
    void createsAnAppWithItsInitialRiff() {
        String user = newUser();
        json(as(user).body(Map.of("slug", "  my-app ", "github_url", "https://github.com/acme/my-app")).post("/api/apps").then())
                .statusCode(201)
                .body("message", equalTo("App created successfully"))
                .body("app.slug", equalTo("my-app"))
                .body("app.github_url", equalTo("https://github.com/acme/my-app"))
                .body("app.created_by", equalTo(user))
                .body("app.riff_count", equalTo(1))
                .body("app", hasKey("created_at"))
                .body("warnings", instanceOf(java.util.List.class))
                .body("warnings", everyItem(instanceOf(String.class)))
                .body("initial_riff.riff.slug", equalTo("rename-to-my-app"))
                .body("initial_riff.riff.app_slug", equalTo("my-app"))
                .body("initial_riff.riff.message_count", equalTo(0))
                .body("initial_riff.riff.last_message_at", nullValue());
        json(as(user).get("/api/apps/my-app/riffs").then()).statusCode(200)
                .body("count", equalTo(1)).body("riffs.slug", contains("rename-to-my-app"));
    }

    @Test
    void createsNoInitialRiffWhoseSlugWouldBeTooLong() {
        String user = newUser();
        String slug = "a".repeat(60);
        json(as(user).body(Map.of("slug", slug)).post("/api/apps").then())
                .statusCode(201)
                .body("app.slug", equalTo(slug))
                .body("initial_riff", nullValue())
                .body("warnings", contains("Initial riff not created: \"rename-to-" + slug + "\" would be longer than 63 characters"));
        as(user).get("/api/apps/{slug}/riffs", slug).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void checksANewAppsBodyInOrder() {
        String user = newUser();
        json(as(user).post("/api/apps").then()).statusCode(400).body("error", equalTo("App slug is required"));
        json(as(user).body("{}").post("/api/apps").then()).statusCode(400).body("error", equalTo("App slug is required"));
        json(as(user).body(Map.of("name", "x")).post("/api/apps").then()).statusCode(400).body("error", equalTo("App slug is required"));
        json(as(user).body(Map.of("slug", "")).post("/api/apps").then()).statusCode(400).body("error", equalTo("App slug cannot be empty"));
        json(as(user).body(Map.of("slug", "   ")).post("/api/apps").then()).statusCode(400).body("error", equalTo("App slug cannot be empty"));
        for (String invalid : new String[] { "Simple App", "App_With_Underscores", "-invalid-start", "invalid-end-", "invalid--double",
                "a".repeat(64) }) {
            json(as(user).body(Map.of("slug", invalid)).post("/api/apps").then()).statusCode(400).body("error", equalTo(INVALID_APP_SLUG));
        }
        newApp(user, "taken");
        json(as(user).body(Map.of("slug", "taken")).post("/api/apps").then())
                .statusCode(409).body("error", equalTo("App with slug \"taken\" already exists"));
        // The slug is checked before it is found taken.
        json(as(user).body(Map.of("slug", "Taken")).post("/api/apps").then()).statusCode(400).body("error", equalTo(INVALID_APP_SLUG));
    }

    @Test
    void getsTheBareAppObject() {
        String user = newUser();
        as(user).body(Map.of("slug", "bare", "github_url", "https://github.com/acme/bare")).post("/api/apps").then().statusCode(201);
        json(as(user).get("/api/apps/bare").then()).statusCode(200)
                .body("slug", equalTo("bare"))
                .body("github_url", equalTo("https://github.com/acme/bare"))
                .body("created_by", equalTo(user))
                .body("riff_count", equalTo(1))
                .body("$", hasKey("created_at"))
                .body("$", not(hasKey("app")));
        json(as(user).get("/api/apps/nonexistent-app").then()).statusCode(404).body("error", equalTo("App not found"));
        json(as(user).get("/api/apps/Not_A_Slug").then()).statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void deletesAnAppWithItsRiffs() {
        String user = newUser();
        newApp(user, "app-to-delete");
        json(as(user).delete("/api/apps/app-to-delete").then()).statusCode(200)
                .body("message", equalTo("App \"app-to-delete\" deleted successfully"))
                .body("app_slug", equalTo("app-to-delete"));
        as(user).get("/api/apps/app-to-delete").then().statusCode(404);
        as(user).get("/api/apps/app-to-delete/riffs/rename-to-app-to-delete/ready").then().statusCode(404);
        json(as(user).delete("/api/apps/app-to-delete").then()).statusCode(404).body("error", equalTo("App not found"));
    }

    // --- Riffs ---------------------------------------------------------------------------------------

    @Test
    void listsRiffsNewestFirst() {
        String user = newUser();
        newApp(user, "app");
        as(user).body(Map.of("slug", "riff-one")).post("/api/apps/app/riffs").then().statusCode(201);
        as(user).body(Map.of("slug", "riff-two")).post("/api/apps/app/riffs").then().statusCode(201);
        json(as(user).get("/api/apps/app/riffs").then()).statusCode(200)
                .body("count", equalTo(3))
                .body("app_slug", equalTo("app"))
                .body("riffs.slug", contains("riff-two", "riff-one", "rename-to-app"));
        json(as(user).get("/api/apps/nonexistent-app/riffs").then()).statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void createsAndAdoptsRiffs() {
        String user = newUser();
        newApp(user, "app");
        json(as(user).body(Map.of("slug", " fix-login ", "description", "A test riff")).post("/api/apps/app/riffs").then())
                .statusCode(201)
                .body("message", equalTo("Riff created successfully"))
                .body("riff.slug", equalTo("fix-login"))
                .body("riff.app_slug", equalTo("app"))
                .body("riff.description", equalTo("A test riff"))
                .body("riff.created_by", equalTo(user))
                .body("riff.message_count", equalTo(0))
                .body("riff.last_message_at", nullValue())
                .body("riff", hasKey("runtime_id")).body("riff", hasKey("runtime_url"))
                .body("riff", hasKey("session_api_key")).body("riff", hasKey("runtime_status"));
        json(as(user).body(Map.of("slug", "fix-login")).post("/api/apps/app/riffs").then())
                .statusCode(200)
                .body("message", equalTo("Existing riff adopted successfully"))
                .body("riff.slug", equalTo("fix-login"))
                .body("riff.description", equalTo("A test riff"));
    }

    @Test
    void findsTheAppBeforeItReadsANewRiffsBody() {
        String user = newUser();
        for (String body : new String[] { "{\"slug\": ", "{}", "{\"slug\": \"\"}", "{\"slug\": \"Bad Slug\"}", "{\"slug\": 7}", "[]" }) {
            json(as(user).body(body).post("/api/apps/nonexistent-app/riffs").then())
                    .statusCode(404).body("error", equalTo("App not found"));
        }
        json(as(user).post("/api/apps/nonexistent-app/riffs").then()).statusCode(404).body("error", equalTo("App not found"));
        newApp(user, "app");
        json(as(user).post("/api/apps/app/riffs").then()).statusCode(400).body("error", equalTo("Riff slug is required"));
        json(as(user).body("{}").post("/api/apps/app/riffs").then()).statusCode(400).body("error", equalTo("Riff slug is required"));
        json(as(user).body(Map.of("slug", "")).post("/api/apps/app/riffs").then()).statusCode(400).body("error", equalTo("Riff slug cannot be empty"));
        json(as(user).body(Map.of("slug", "   ")).post("/api/apps/app/riffs").then()).statusCode(400).body("error", equalTo("Riff slug cannot be empty"));
        for (String invalid : new String[] { "Simple Riff", "Riff_With_Underscores", "-invalid-start", "invalid-end-", "invalid--double" }) {
            json(as(user).body(Map.of("slug", invalid)).post("/api/apps/app/riffs").then())
                    .statusCode(400).body("error", equalTo(INVALID_RIFF_SLUG));
        }
        json(as(user).body("{\"slug\": ").post("/api/apps/app/riffs").then()).statusCode(400).body("error", equalTo("Malformed JSON in request body"));
    }

    @Test
    void deletesARiff() {
        String user = newUser();
        newApp(user, "app");
        as(user).body(Map.of("slug", "test-riff-to-delete")).post("/api/apps/app/riffs").then().statusCode(201);
        json(as(user).delete("/api/apps/app/riffs/test-riff-to-delete").then()).statusCode(200)
                .body("message", equalTo("Riff \"test-riff-to-delete\" deleted successfully"))
                .body("riff_slug", equalTo("test-riff-to-delete"))
                .body("app_slug", equalTo("app"));
        as(user).get("/api/apps/app/riffs").then().body("riffs.slug", contains("rename-to-app"));
        json(as(user).delete("/api/apps/app/riffs/test-riff-to-delete").then()).statusCode(404).body("error", equalTo("Riff not found"));
        json(as(user).delete("/api/apps/non-existent-app/riffs/test-riff").then()).statusCode(404).body("error", equalTo("App not found"));
    }

    @ParameterizedTest
    @CsvSource({ "POST,reset", "GET,ready", "GET,runtime/status" })
    void answersNotFoundForAMissingAppThenAMissingRiff(String method, String route) {
        String user = newUser();
        json(as(user).request(method, "/api/apps/nonexistent-app/riffs/test-riff/" + route).then())
                .statusCode(404).body("error", equalTo("App not found"));
        newApp(user, "app");
        json(as(user).request(method, "/api/apps/app/riffs/nonexistent-riff/" + route).then())
                .statusCode(404).body("error", equalTo("Riff not found"));
    }

    @Test
    void answersReadinessAsABoolean() {
        String user = newUser();
        newApp(user, "app");
        json(as(user).get("/api/apps/app/riffs/rename-to-app/ready").then()).statusCode(200).body("ready", is(instanceOf(Boolean.class)));
    }

    // --- Service -------------------------------------------------------------------------------------

    @Test
    void answersTheHealthOfTheService() {
        json(given().get("/api/health").then()).statusCode(200)
                .body("status", equalTo("healthy"))
                .body("service", equalTo("OpenVibe Backend"))
                .body("timestamp", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"));
    }

    @Test
    void answersTheRuntimeApiStatusInItsShape() {
        ValidatableResponse answer = json(given().get("/api/runtime/status").then());
        answer.body("$", hasKey("status")).body("$", hasKey("runtime_api_url")).body("$", hasKey("details"));
    }

    @ParameterizedTest
    @CsvSource({ "POST,/api/integrations/github", "GET,/api/integrations/anthropic", "GET,/api/apps/app/riffs/r/messages",
            "POST,/api/apps/app/riffs/messages", "GET,/api/apps/app/riffs/r/status", "POST,/api/apps/app/riffs/r/play",
            "POST,/api/apps/app/riffs/r/pause", "GET,/api/apps/app/deployment", "GET,/api/apps/app/riffs/r/deployment",
            "GET,/api/apps/app/riffs/r/pr-status", "GET,/api/nonexistent", "GET,/" })
    void answersRoutesOfOtherPartsOfVibeAsUnknownPaths(String method, String path) {
        json(as(newUser()).body("{}").request(method, path).then()).statusCode(404).body("error", equalTo("Not found"));
    }
}

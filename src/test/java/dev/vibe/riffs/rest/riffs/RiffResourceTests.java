package dev.vibe.riffs.rest.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.createRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RiffResourceTests {

    @Test
    void createsRiff() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "fix-login", "description", "Fix the login"))
                .when().post("/api/apps/app/riffs")
                .then().statusCode(201)
                .body("message", equalTo("Riff created successfully"))
                .body("riff.slug", equalTo("fix-login"))
                .body("riff.app_slug", equalTo("app"))
                .body("riff.description", equalTo("Fix the login"))
                .body("riff.created_by", equalTo(user))
                .body("riff.last_message_at", nullValue())
                .body("riff.message_count", equalTo(0))
                .body("riff", hasKey("runtime_id"))
                .body("riff", hasKey("runtime_url"))
                .body("riff", hasKey("session_api_key"))
                .body("riff", hasKey("runtime_status"));
    }

    @Test
    void adoptsExistingRiffWithSameSlug() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "same", "description", "original")).post("/api/apps/app/riffs").then().statusCode(201);
        as(user).body(Map.of("slug", "same", "description", "other"))
                .when().post("/api/apps/app/riffs")
                .then().statusCode(200)
                .body("message", equalTo("Existing riff adopted successfully"))
                .body("riff.description", equalTo("original"));
        as(user).when().get("/api/apps/app/riffs").then().body("count", equalTo(1));
    }

    @Test
    void requiresRiffSlug() {
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("description", "x")).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", equalTo("Riff slug is required"));
        as(user).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", equalTo("Riff slug is required"));
        as(user).body(Map.of("slug", " ")).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", equalTo("Riff slug cannot be empty"));
        as(user).body(Map.of("slug", "Bad_Slug")).when().post("/api/apps/app/riffs")
                .then().statusCode(400).body("error", equalTo(
                        "Riff slug must contain only lowercase letters, numbers, and hyphens (no consecutive hyphens, no leading/trailing hyphens)"));
    }

    @Test
    void cannotCreateRiffInMissingApp() {
        as(newUser()).body(Map.of("slug", "r")).when().post("/api/apps/missing/riffs")
                .then().statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void listsRiffsNewestFirst() {
        String user = newUser();
        createApp(user, "app");
        createRiff(user, "app", "older");
        createRiff(user, "app", "newer");
        as(user).when().get("/api/apps/app/riffs")
                .then().statusCode(200)
                .body("count", equalTo(2))
                .body("app_slug", equalTo("app"))
                .body("riffs.slug", contains("newer", "older"));
    }

    @Test
    void listingRiffsOfMissingAppIs404() {
        as(newUser()).when().get("/api/apps/missing/riffs")
                .then().statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void getsOneRiff() {
        String user = newUser();
        createApp(user, "app");
        createRiff(user, "app", "r");
        as(user).when().get("/api/apps/app/riffs/r")
                .then().statusCode(200).body("riff.slug", equalTo("r")).body("riff.app_slug", equalTo("app"));
    }

    @Test
    void answers404ForMissingAppOrRiff() {
        String user = newUser();
        createApp(user, "app");
        as(user).when().get("/api/apps/app/riffs/none").then().statusCode(404).body("error", equalTo("Riff not found"));
        as(user).when().get("/api/apps/none/riffs/none").then().statusCode(404).body("error", equalTo("App not found"));
        as(user).when().delete("/api/apps/app/riffs/none").then().statusCode(404).body("error", equalTo("Riff not found"));
        as(user).when().delete("/api/apps/none/riffs/none").then().statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void deletesRiff() {
        String user = newUser();
        createApp(user, "app");
        createRiff(user, "app", "r");
        as(user).when().delete("/api/apps/app/riffs/r")
                .then().statusCode(200)
                .body("message", equalTo("Riff \"r\" deleted successfully"))
                .body("riff_slug", equalTo("r"))
                .body("app_slug", equalTo("app"));
        as(user).when().get("/api/apps/app/riffs/r").then().statusCode(404);
        as(user).when().get("/api/apps/app").then().body("riff_count", equalTo(0));
    }

    @Test
    void hidesOtherUsersRiffs() {
        String owner = newUser();
        String stranger = newUser();
        createApp(owner, "app");
        createRiff(owner, "app", "r");
        createApp(stranger, "app");
        as(stranger).when().get("/api/apps/app/riffs").then().statusCode(200).body("count", equalTo(0));
        as(stranger).when().get("/api/apps/app/riffs/r").then().statusCode(404).body("error", equalTo("Riff not found"));
        as(stranger).when().delete("/api/apps/app/riffs/r").then().statusCode(404);
        as(stranger).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);
        as(owner).when().get("/api/apps/app/riffs/r").then().statusCode(200);
    }
}

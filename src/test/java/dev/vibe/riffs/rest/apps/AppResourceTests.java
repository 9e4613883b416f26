package dev.vibe.riffs.rest.apps;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.createRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AppResourceTests {

    private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Test
    void createsAppWithAllFields() {
        String user = newUser();
        as(user).body(Map.of("slug", "my-app", "name", "My App", "github_url", "https://github.com/acme/my-app"))
                .when().post("/api/apps")
                .then().statusCode(201)
                .body("message", equalTo("App created successfully"))
                .body("app.slug", equalTo("my-app"))
                .body("app.name", equalTo("My App"))
                .body("app.github_url", equalTo("https://github.com/acme/my-app"))
                .body("app.created_by", equalTo(user))
                .body("app.created_at", matchesPattern(ISO_UTC))
                .body("app.riff_count", equalTo(0));
    }

    @Test
    void createsAppWithOnlyASlug() {
        as(newUser()).body(Map.of("slug", "only-slug"))
                .when().post("/api/apps")
                .then().statusCode(201)
                .body("app.name", equalTo("only-slug"))
                .body("app.github_url", nullValue());
    }

    @Test
    void rejectsSecondAppWithSameSlugForSameUser() {
        String user = newUser();
        createApp(user, "dup");
        as(user).body(Map.of("slug", "dup")).when().post("/api/apps")
                .then().statusCode(409).body("error", equalTo("App with slug \"dup\" already exists"));
    }

    @Test
    void letsTwoUsersUseTheSameSlug() {
        createApp(newUser(), "shared-name");
        createApp(newUser(), "shared-name");
    }

    @Test
    void requiresASlug() {
        as(newUser()).body(Map.of("name", "x")).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("App slug is required"));
    }

    @Test
    void requiresABody() {
        as(newUser()).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("App slug is required"));
    }

    @Test
    void rejectsBlankSlug() {
        as(newUser()).body(Map.of("slug", "   ")).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("App slug cannot be empty"));
        as(newUser()).body(Map.of("slug", "")).when().post("/api/apps")
                .then().statusCode(400).body("error", equalTo("App slug cannot be empty"));
    }

    @Test
    void listsAppsNewestFirstWithRiffCounts() {
        String user = newUser();
        createApp(user, "first");
        createApp(user, "second");
        createRiff(user, "first", "r1");
        createRiff(user, "first", "r2");
        as(user).when().get("/api/apps")
                .then().statusCode(200)
                .body("count", equalTo(2))
                .body("apps.slug", contains("second", "first"))
                .body("apps.riff_count", contains(0, 2));
    }

    @Test
    void listsNothingForANewUser() {
        as(newUser()).when().get("/api/apps")
                .then().statusCode(200).body("count", equalTo(0)).body("apps.size()", equalTo(0));
    }

    @Test
    void getsOneApp() {
        String user = newUser();
        createApp(user, "one");
        as(user).when().get("/api/apps/one")
                .then().statusCode(200).body("slug", equalTo("one")).body("created_by", equalTo(user));
    }

    @Test
    void answers404ForUnknownApp() {
        as(newUser()).when().get("/api/apps/nope")
                .then().statusCode(404).body("error", equalTo("App not found"));
        as(newUser()).when().delete("/api/apps/nope")
                .then().statusCode(404).body("error", equalTo("App not found"));
    }

    @Test
    void deletesAppWithItsRiffs() {
        String user = newUser();
        createApp(user, "doomed");
        createRiff(user, "doomed", "r1");
        as(user).when().delete("/api/apps/doomed")
                .then().statusCode(200)
                .body("message", equalTo("App \"doomed\" deleted successfully"))
                .body("app_slug", equalTo("doomed"));
        as(user).when().get("/api/apps/doomed").then().statusCode(404);
        // The slug is free again, and the new app starts with no riffs.
        createApp(user, "doomed");
        as(user).when().get("/api/apps/doomed/riffs").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void hidesOtherUsersApps() {
        String owner = newUser();
        String stranger = newUser();
        createApp(owner, "private");
        as(stranger).when().get("/api/apps/private").then().statusCode(404).body("error", equalTo("App not found"));
        as(stranger).when().delete("/api/apps/private").then().statusCode(404);
        as(stranger).when().get("/api/apps").then().body("count", equalTo(0));
        as(owner).when().get("/api/apps/private").then().statusCode(200);
    }
}

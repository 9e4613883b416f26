package dev.vibe.riffs.flask;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The import of a Flask backend's DATA_DIR, from a folder each test makes in the Flask backend's layout. */
@QuarkusTest
class FlaskImportTests extends FreshRuntimeApiTest {

    @Inject
    FlaskImport flaskImport;

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RiffRepository riffs;

    @Inject
    EntityManager entityManager;

    @TempDir
    Path dataDir;

    private Riff stored(String user, String app, String riff) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, app, riff).orElseThrow());
    }

    /** Starts a runtime the way the Flask backend did: its session {@code user.app.riff}, straight at the runtime-api. */
    private JsonPath startedByFlask(String user, String app, String riff) {
        return given().header("X-API-Key", simulator.apiKey()).contentType("application/json")
                .body(Map.of("session_id", user + "." + app + "." + riff, "image", "ghcr.io/all-hands-ai/agent-server:8daf576-python",
                        "command", "/usr/local/bin/openhands-agent-server --port 60000", "working_dir", "/"))
                .post("/simulator/runtime-api/start").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void importsAppsAndRiffsWithTheirTimestampsCreatorsStatisticsAndRuntimes() throws Exception {
        String user = newUser();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56.123456+00:00");
        flask.riff(user, "shop", "fix-login", "2025-09-21T08:00:00.5+00:00", 12, "2025-09-22T10:11:12.000001+00:00");
        flask.riffWithRuntime(user, "shop", "rename-to-shop", "2025-09-20T12:35:01.000000", "rt-1", "https://rt-1.example", "key-1");

        ImportReport report = flaskImport.run(dataDir, false);

        assertThat(report.skipped()).isZero();
        assertThat(report.appsImported()).isEqualTo(1);
        assertThat(report.riffsImported()).isEqualTo(2);
        assertThat(report.riffsWithRuntime()).isEqualTo(1);
        as(user).get("/api/apps/shop").then().statusCode(200)
                .body("created_at", equalTo("2025-09-20T12:34:56.123456Z"))
                .body("created_by", equalTo(user))
                .body("github_url", equalTo("https://github.com/mockuser/shop"))
                .body("name", equalTo("shop"))
                .body("riff_count", equalTo(2));
        as(user).get("/api/apps/shop/riffs").then().statusCode(200)
                .body("riffs.slug", contains("fix-login", "rename-to-shop"))
                .body("riffs[0].message_count", equalTo(12))
                .body("riffs[0].last_message_at", equalTo("2025-09-22T10:11:12.000001Z"))
                .body("riffs[0].created_at", equalTo("2025-09-21T08:00:00.500Z"))
                .body("riffs[0].runtime_id", nullValue())
                .body("riffs[1].created_at", equalTo("2025-09-20T12:35:01Z")) // no offset: UTC, the Flask backend's clock
                .body("riffs[1].runtime_id", equalTo("rt-1"))
                .body("riffs[1].runtime_url", equalTo("https://rt-1.example"))
                .body("riffs[1].session_api_key", equalTo("key-1"))
                .body("riffs[1].runtime_status", nullValue());
        assertThat(stored(user, "shop", "rename-to-shop").sessionId).isEqualTo(user + ".shop.rename-to-shop");
        assertThat(stored(user, "shop", "fix-login").sessionId).isEqualTo(user + ".shop.fix-login");
        assertThat(report.lines()).noneMatch(line -> line.contains("key-1"));
    }

    @Test
    void importingAgainWritesNothingTwiceAndAddsWhatWasFixed() throws Exception {
        String user = newUser();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56.123456+00:00");
        flask.riff(user, "shop", "one", "2025-09-21T08:00:00+00:00", 0, null);
        Path broken = flask.raw(flask.riffFile(user, "shop", "two"), "{\"slug\": \"two\", ");
        flaskImport.run(dataDir, false);

        flask.riff(user, "shop", "two", "2025-09-21T09:00:00+00:00", 3, null);
        assertThat(broken).exists();
        ImportReport second = flaskImport.run(dataDir, false);

        assertThat(second.appsImported()).isZero();
        assertThat(second.appsPresent()).isEqualTo(1);
        assertThat(second.riffsImported()).isEqualTo(1);
        assertThat(second.riffsPresent()).isEqualTo(1);
        ImportReport third = flaskImport.run(dataDir, false);
        assertThat(third.appsImported() + third.riffsImported()).isZero();
        assertThat(third.riffsPresent()).isEqualTo(2);
        as(user).get("/api/apps").then().body("count", equalTo(1));
        as(user).get("/api/apps/shop/riffs").then().body("riffs.slug", contains("two", "one"));
    }

    @Test
    void skipsWhatItCannotReadListsEachSkipAndImportsTheRest() throws Exception {
        String user = newUser();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "good", "2025-09-20T12:00:00+00:00");
        flask.riff(user, "good", "fine", "2025-09-20T12:01:00+00:00", 1, "2025-09-20T12:02:00+00:00");
        flask.raw(flask.riffFile(user, "good", "truncated"), "{\n  \"slug\": \"truncated\",\n  \"created_at\": ");
        flask.raw(flask.riffFile(user, "good", "empty"), "");
        flask.raw(flask.riffFile(user, "good", "a-list"), "[1, 2]");
        flask.raw(dataDir.resolve(user).resolve("apps/good/riffs/no-file/messages/messages.json"), "[]");
        flask.riff(user, "good", "Bad_Slug", "2025-09-20T12:01:00+00:00", 0, null);
        flask.raw(dataDir.resolve(user).resolve("apps/broken/app.json"), "not json");
        flask.riff(user, "broken", "orphaned", "2025-09-20T12:01:00+00:00", 0, null);
        flask.app("user:with:colons", "elsewhere", "2025-09-20T12:00:00+00:00");
        flask.raw(flask.riffFile(user, "good", "odd-values"), """
                {"slug": "odd-values", "created_at": "yesterday", "message_count": "many", "last_message_at": 17}""");

        ImportReport report = flaskImport.run(dataDir, false);

        assertThat(report.lines()).contains(
                "skipped riff " + user + "/good/truncated: riff.json is not valid JSON (line 3, column 17)",
                "skipped riff " + user + "/good/empty: riff.json is empty",
                "skipped riff " + user + "/good/a-list: riff.json is not a JSON object",
                "skipped riff " + user + "/good/no-file: no riff.json",
                "skipped riff " + user + "/good/Bad_Slug: not a slug this service accepts (lowercase letters, digits and single "
                        + "hyphens, at most 63 characters)",
                "skipped app  " + user + "/broken: app.json is not valid JSON (line 1, column 1), nor are its riffs",
                "skipped user user:with:colons: not a user id this service accepts (1 to 128 of A-Z a-z 0-9 - _)",
                "note         " + user + "/good/odd-values: message_count is not a count; 0 is taken",
                "note         " + user + "/good/odd-values: last_message_at is not an ISO-8601 timestamp; left out");
        assertThat(report.lines()).contains("note         " + user + "/good/odd-values: created_at missing or not an ISO-8601 "
                + "timestamp; the time riff.json was last written is taken");
        assertThat(report.skipped()).isEqualTo(7);
        assertThat(report.riffsImported()).isEqualTo(2);
        assertThat(report.summary()).contains("imported 1 app(s) and 2 riff(s)", "skipped: 1 user folder(s), 1 app(s), 5 riff(s)");
        as(user).get("/api/apps").then().body("apps.slug", contains("good"));
        as(user).get("/api/apps/good/riffs").then().body("riffs.slug", org.hamcrest.Matchers.containsInAnyOrder("fine", "odd-values"));
    }

    @Test
    void aDryRunReportsWhatItWouldDoAndWritesNothing() throws Exception {
        String user = newUser();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56+00:00");
        flask.riff(user, "shop", "one", "2025-09-21T08:00:00+00:00", 0, null);
        flask.riffWithRuntime(user, "shop", "two", "2025-09-21T08:00:00+00:00", "rt-2", "https://rt-2.example", "key-2");

        ImportReport dry = flaskImport.run(dataDir, true);

        assertThat(dry.appsImported()).isEqualTo(1);
        assertThat(dry.riffsImported()).isEqualTo(2);
        assertThat(dry.riffsWithRuntime()).isEqualTo(1);
        assertThat(dry.lines()).containsExactly("would import app " + user + "/shop: 2 riff(s) to import (1 with a runtime), 0 already present");
        assertThat(dry.summary()).startsWith("Dry run of the import of ").endsWith("Nothing was written.");
        as(user).get("/api/apps").then().body("count", equalTo(0));
        assertThat(flaskImport.run(dataDir, false).riffsImported()).as("the real run after it").isEqualTo(2);
    }

    @Test
    void theReconcilerAdoptsTheRuntimesTheFlaskBackendStartedWithoutStartingNewOnes() throws Exception {
        String user = newUser();
        JsonPath live = startedByFlask(user, "shop", "live");
        JsonPath unrecorded = startedByFlask(user, "shop", "unrecorded"); // started, but its riff.json was never updated
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56+00:00");
        flask.riffWithRuntime(user, "shop", "live", "2025-09-20T12:35:00+00:00", live.getString("runtime_id"), live.getString("url"),
                live.getString("session_api_key"));
        flask.riff(user, "shop", "unrecorded", "2025-09-20T12:36:00+00:00", 0, null);
        flask.riff(user, "shop", "never-started", "2025-09-20T12:37:00+00:00", 0, null);
        flaskImport.run(dataDir, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.runtime(live.getString("runtime_id")).orElseThrow().isReady());

        reconciler.reconcile();

        Riff refreshed = stored(user, "shop", "live");
        assertThat(refreshed.runtimeId).isEqualTo(live.getString("runtime_id"));
        assertThat(refreshed.runtimeStatus).isEqualTo(RuntimeStatus.RUNNING);
        Riff adopted = stored(user, "shop", "unrecorded");
        assertThat(adopted.runtimeId).isEqualTo(unrecorded.getString("runtime_id"));
        assertThat(adopted.sessionApiKey).isEqualTo(unrecorded.getString("session_api_key"));
        assertThat(stored(user, "shop", "never-started").runtimeId).isNotNull();
        assertThat(simulator.startsOfSession(user + ".shop.live")).isEqualTo(1);
        assertThat(simulator.startsOfSession(user + ".shop.unrecorded")).isEqualTo(1);
        assertThat(simulator.startsOfSession(user + ".shop.never-started")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> as(user).get("/api/apps/shop/riffs/live/ready")
                .then().statusCode(200).extract().<Boolean>path("ready"));
        assertThat(simulator.startsOfSession(user + ".shop.live")).isEqualTo(1);
    }

    @Test
    void theStopOfAFlaskRuntimeIsAttributedToItsRiff() throws Exception {
        String user = newUser();
        JsonPath live = startedByFlask(user, "shop", "live");
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56+00:00");
        flask.riffWithRuntime(user, "shop", "live", "2025-09-20T12:35:00+00:00", live.getString("runtime_id"), live.getString("url"),
                live.getString("session_api_key"));
        flaskImport.run(dataDir, false);
        // A stop owed for it before the riff had any event: only its session says whose it was.
        String runtimeId = live.getString("runtime_id");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into runtime_stops (runtime_id, session_id, requested_at, next_attempt_at)
                values (?1, ?2, now() - interval '1 minute', now() - interval '1 minute')""")
                .setParameter(1, runtimeId).setParameter(2, user + ".shop.live").executeUpdate());

        reconciler.reconcile();

        assertThat(simulator.runtime(runtimeId).orElseThrow().status()).isEqualTo("stopped");
        List<Object> attributed = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select user_id || '/' || app_slug || '/' || riff_slug from runtime_events where runtime_id = ?1 and reason = 'stopped'")
                .setParameter(1, runtimeId).getResultList());
        assertThat(attributed).containsExactly(user + "/shop/live");
    }

    @Test
    void refusesAFolderThatIsNotThere() {
        assertThatThrownBy(() -> flaskImport.run(dataDir.resolve("missing"), false))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a folder");
    }
}

package dev.vibe.riffs.rest.errors;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.createRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.DatabaseProxyResource;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.Management;
import dev.vibe.riffs.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The database goes away behind a TCP proxy and comes back, with no mock anywhere: requests answer 503 with
 * Retry-After and the API's error shape, readiness is DOWN, nothing is half-written, the outage makes a bounded
 * number of log lines, and the service recovers by itself.
 */
@QuarkusTest
@WithTestResource(DatabaseProxyResource.class)
class DatabaseOutageTests extends FreshRuntimeApiTest {

    private static final String DATABASE_CHECK = "checks.find { it.name == 'Database connections health check' }.status";

    TcpProxy database;

    @AfterEach
    void databaseBack() {
        database.restore();
        awaitRecovered(newUser());
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutRestart() {
        String user = newUser();
        createApp(user, "app");
        createRiff(user, "app", "riff");

        database.cut();
        assertUnavailable(as(user).get("/api/apps"));
        assertUnavailable(as(user).body(Map.of("slug", "during-outage")).post("/api/apps"));
        assertUnavailable(as(user).get("/api/apps/app/riffs/riff"));
        assertUnavailable(as(user).body(Map.of("slug", "other")).post("/api/apps/app/riffs"));
        assertUnavailable(as(user).get("/api/apps/app/riffs/riff/ready"));
        given().get("/api/health").then().statusCode(503).header("Content-Type", "application/json")
                .body("status", equalTo("unhealthy")).body("service", equalTo("OpenVibe Backend"))
                .body("error", equalTo("Database unavailable"));
        Management.given().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN")).body(DATABASE_CHECK, equalTo("DOWN"));
        Management.given().get("/q/health/live").then().statusCode(200);

        database.restore();
        awaitRecovered(user);
        as(user).get("/api/apps").then().statusCode(200).body("count", equalTo(1)).body("apps[0].slug", equalTo("app"));
        as(user).get("/api/apps/during-outage").then().statusCode(404);
        as(user).get("/api/apps/app/riffs/other").then().statusCode(404);
        as(user).get("/api/apps/app/riffs/riff").then().statusCode(200).body("riff.slug", equalTo("riff"));
        given().get("/api/health").then().statusCode(200).body("status", equalTo("healthy"));
    }

    @Test
    void answers503WhenNoConnectionCanBeHadInTime() {
        String user = newUser();
        createApp(user, "app");

        database.stall();
        assertUnavailable(as(user).get("/api/apps"));
        assertUnavailable(as(user).body(Map.of("slug", "during-stall")).post("/api/apps"));
        Management.given().get("/q/health/ready").then().statusCode(503).body(DATABASE_CHECK, equalTo("DOWN"));

        database.restore();
        awaitRecovered(user);
        as(user).get("/api/apps").then().statusCode(200).body("count", equalTo(1));
        as(user).get("/api/apps/during-stall").then().statusCode(404);
    }

    @Test
    void dropsPooledConnectionsThatDiedInAQuietOutageUnseen() throws Exception {
        String user = newUser();
        createApp(user, "app");
        assertThat(concurrently(10, () -> as(user).get("/api/apps").statusCode())).containsOnly(200); // fills the pool

        database.cut();
        database.restore();
        // No request noticed the outage; every pooled connection is dead. Once they have been idle for longer than
        // the foreground validation interval (1 s), the pool checks them before lending them.
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        assertThat(concurrently(10, () -> as(user).get("/api/apps").statusCode())).containsOnly(200);
    }

    @Test
    void logsAnOutageInABoundedNumberOfLines() throws Exception {
        String user = newUser();
        database.cut();
        // First the pooled connections that the cut killed go, at most max-size (20) of them: one idle for over 1 s
        // is checked and dropped unseen; one used just before the cut fails its request, and Narayana and Agroal
        // log that rollback, once per connection.
        assertThat(concurrently(20, () -> as(user).get("/api/apps").statusCode())).containsOnly(503);
        try (LogCapture log = LogCapture.open()) {
            assertThat(concurrently(50, () -> as(user).get("/api/apps").statusCode())).containsOnly(503);
            // The requests not in a line yet go, with their count, into the next one, at most 10 s after the last.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(reports(log)).isNotEmpty());
            assertThat(log.linesAtLeast(Level.WARNING)).as("WARN and ERROR lines of 50 failing requests")
                    .hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(line -> assertThat(line.text()).startsWith("Database unavailable: "));
            assertThat(log.lines()).noneMatch(line -> line.contains("Unexpected error"));
        }
    }

    /** Makes the requests from up to 20 threads at once, and answers their statuses. */
    private static List<Integer> concurrently(int requests, Callable<Integer> request) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(Math.min(requests, 20));
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                statuses.add(clients.submit(request));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            return codes;
        } finally {
            clients.shutdownNow();
        }
    }

    private static List<String> reports(LogCapture log) {
        return log.linesAtLeast(Level.WARNING).stream().map(LogCapture.Line::text)
                .filter(text -> text.matches("(?s)Database unavailable: \\d+ time\\(s\\) since the previous report; latest: .*PSQLException.*"))
                .toList();
    }

    private static void assertUnavailable(Response response) {
        response.then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", "5")
                .body("error", equalTo("Database unavailable; try again shortly"))
                .body(not(containsString("Exception")))
                .body(not(containsString("127.0.0.1")));
    }

    private static void awaitRecovered(String user) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(user).get("/api/apps").then().statusCode(200));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")).body(DATABASE_CHECK, equalTo("UP")));
    }
}

package dev.vibe.riffs.rest.events;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import dev.vibe.riffs.rest.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Usage from the ledger, for a riff driven through the simulator with its events' times then set exactly. */
@QuarkusTest
class UsageResourceTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeEventRepository events;

    @Inject
    EntityManager em;

    private static void awaitRunning(String user, String app, String riff) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                as(user).get("/api/apps/{app}/riffs/{riff}/runtime/status", app, riff).then().extract().path("runtime.status")));
    }

    private List<RuntimeEvent> eventsOf(String user) {
        return QuarkusTransaction.requiringNew().call(() -> events.listOfUserAfter(user, null, 0, 500));
    }

    /** Creates, runs, pauses, resumes and deletes a riff, then moves its events to t0 + the given seconds. */
    private Instant livedRiff(String user, long... offsets) {
        newRiff(user, "usage-app", "counted");
        awaitRunning(user, "usage-app", "counted");
        as(user).post("/api/apps/usage-app/riffs/counted/runtime/pause").then().statusCode(200);
        as(user).post("/api/apps/usage-app/riffs/counted/runtime/resume").then().statusCode(200);
        awaitRunning(user, "usage-app", "counted");
        as(user).delete("/api/apps/usage-app/riffs/counted").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(user).size() == offsets.length);
        List<RuntimeEvent> lived = eventsOf(user);
        assertThat(lived).extracting(e -> e.reason() + ">" + e.toStatus()).containsExactly("started>starting", "observed>running",
                "paused>paused", "resumed>starting", "observed>running", "stop_owed>running", "stopped>stopped");
        Instant t0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < lived.size(); i++) {
                em.createNativeQuery("update runtime_events set at = ?1 where id = ?2")
                        .setParameter(1, t0.plusSeconds(offsets[i])).setParameter(2, lived.get(i).id()).executeUpdate();
            }
        });
        return t0;
    }

    @Test
    void countsLiveAndPausedTimeOfADeletedRiffFromItsEvents() {
        String user = newUser();
        // starting at 0, running at 10, paused at 70, resumed (starting) at 100, running at 110, stop owed at 200, stopped at 260
        Instant t0 = livedRiff(user, 0, 10, 70, 100, 110, 200, 260);

        as(user).queryParam("from", t0.toString()).queryParam("to", t0.plusSeconds(300).toString()).get("/api/usage")
                .then().statusCode(200)
                .body("from", equalTo(t0.toString()))
                // Live time: starting 0..10, running 10..70, starting 100..110, running 110..260 (the stop owed at 200 keeps it running).
                .body("total_running_seconds", equalTo(10 + 60 + 10 + 150))
                .body("apps", hasSize(1))
                .body("apps[0].app_slug", equalTo("usage-app"))
                .body("apps[0].running_seconds", equalTo(230))
                .body("apps[0].starting_seconds", equalTo(20))
                .body("apps[0].paused_seconds", equalTo(30))
                .body("apps[0].riffs[0].riff_slug", equalTo("counted"))
                .body("apps[0].riffs[0].running_seconds", equalTo(230))
                .body("apps[0].riffs[0].starting_seconds", equalTo(20))
                .body("apps[0].riffs[0].paused_seconds", equalTo(30))
                .body("apps[0].riffs[0].starts", equalTo(1))
                .body("apps[0].riffs[0].resumes", equalTo(1));

        // Clipped to the range: live 40..70 and 100..120 (starting 100..110), paused 70..100; the start lies before it.
        as(user).queryParam("from", t0.plusSeconds(40).toString()).queryParam("to", t0.plusSeconds(120).toString()).get("/api/usage")
                .then().statusCode(200)
                .body("total_running_seconds", equalTo(50))
                .body("apps[0].riffs[0].starting_seconds", equalTo(10))
                .body("apps[0].riffs[0].paused_seconds", equalTo(30))
                .body("apps[0].riffs[0].starts", equalTo(0))
                .body("apps[0].riffs[0].resumes", equalTo(1));

        // The default range is the last 30 days; another user sees none of it.
        as(user).get("/api/usage").then().statusCode(200).body("total_running_seconds", equalTo(230));
        as(newUser()).get("/api/usage").then().statusCode(200).body("total_running_seconds", equalTo(0)).body("apps", hasSize(0));
    }

    @Test
    void refusesBadRanges() {
        String user = newUser();
        as(user).queryParam("from", "yesterday").get("/api/usage").then().statusCode(400);
        as(user).queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z").get("/api/usage")
                .then().statusCode(400).body("error", equalTo("from must be before to"));
        Api.as(user).header("X-User-UUID", "").get("/api/usage").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/usage").then().statusCode(400)
                .body("error", equalTo("X-User-UUID header is required"));
    }
}

package dev.vibe.riffs.service.events;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The runtime event ledger: what a riff's life records, in order and with its reasons, and its pages. */
@QuarkusTest
class RuntimeEventsTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeEventRepository events;

    private List<RuntimeEvent> eventsOf(String user) {
        return QuarkusTransaction.requiringNew().call(() -> events.listOfUserAfter(user, null, 0, 500));
    }

    private static List<String> transitions(List<RuntimeEvent> events) {
        return events.stream().map(e -> e.reason() + ":" + e.fromStatus() + ">" + e.toStatus() + ":" + e.actor()).toList();
    }

    private static void awaitRunning(String user, String app, String riff) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                as(user).get("/api/apps/{app}/riffs/{riff}/runtime/status", app, riff).then().extract().path("runtime.status")));
    }

    @Test
    void recordsTheWholeLifeOfARiffInOrderWithItsReasons() {
        String user = newUser();
        String first = newRiff(user, "app", "life").getString("runtime_id");
        awaitRunning(user, "app", "life");
        as(user).post("/api/apps/app/riffs/life/runtime/pause").then().statusCode(200);
        as(user).post("/api/apps/app/riffs/life/runtime/resume").then().statusCode(200);
        awaitRunning(user, "app", "life");
        simulator.forceStatus(first, "stopped", "not found");
        String second = as(user).post("/api/apps/app/riffs/life/reset").then().statusCode(200).extract().path("riff.runtime_id");
        assertThat(second).isNotEqualTo(first);
        as(user).delete("/api/apps/app/riffs/life").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(user).stream().anyMatch(e -> "stopped".equals(e.reason())));

        List<RuntimeEvent> life = eventsOf(user);
        assertThat(transitions(life)).containsExactly(
                "started:null>starting:request",
                "observed:starting>running:request",
                "paused:running>paused:request",
                "resumed:paused>starting:request",
                "observed:starting>running:request",
                "observed:running>stopped:request",
                "started:stopped>starting:request",
                "observed:starting>running:request",
                "stop_owed:running>running:request",
                "stopped:running>stopped:reconciler");
        assertThat(life).extracting(RuntimeEvent::runtimeId)
                .containsExactly(first, first, first, first, first, first, second, second, second, second);
        assertThat(life).allSatisfy(e -> {
            assertThat(e.appSlug()).isEqualTo("app");
            assertThat(e.riffSlug()).isEqualTo("life");
        });
        assertThat(life).extracting(RuntimeEvent::id).isSorted();
    }

    @Test
    void pagesTheEventsOfARiffNewestFirst() {
        String user = newUser();
        newRiff(user, "app", "paged");
        awaitRunning(user, "app", "paged");
        as(user).post("/api/apps/app/riffs/paged/runtime/pause").then().statusCode(200);
        as(user).post("/api/apps/app/riffs/paged/runtime/resume").then().statusCode(200);
        List<Long> ids = eventsOf(user).stream().map(RuntimeEvent::id).toList();
        assertThat(ids).hasSize(4);

        Long nextBefore = as(user).queryParam("limit", 3).get("/api/apps/app/riffs/paged/runtime/events")
                .then().statusCode(200)
                .body("count", equalTo(3))
                .body("events", hasSize(3))
                .body("events[0].id", equalTo(ids.get(3).intValue()))
                .body("events[0].reason", equalTo("resumed"))
                .body("events[0].actor", equalTo("request"))
                .body("events[2].id", equalTo(ids.get(1).intValue()))
                .extract().jsonPath().getLong("next_before");
        assertThat(nextBefore).isEqualTo(ids.get(1));

        as(user).queryParam("limit", 3).queryParam("before", nextBefore).get("/api/apps/app/riffs/paged/runtime/events")
                .then().statusCode(200)
                .body("count", equalTo(1))
                .body("events[0].id", equalTo(ids.get(0).intValue()))
                .body("events[0].reason", equalTo("started"))
                .body("events[0].from_status", nullValue())
                .body("events[0].to_status", equalTo("starting"))
                .body("next_before", nullValue());
        as(user).get("/api/apps/app/riffs/paged/runtime/events").then().statusCode(200).body("count", equalTo(4));
    }

    @Test
    void refusesBadPagesAndOtherUsersRiffs() {
        String user = newUser();
        newRiff(user, "app", "mine");
        for (String limit : List.of("0", "501", "many", "-1")) {
            as(user).queryParam("limit", limit).get("/api/apps/app/riffs/mine/runtime/events")
                    .then().statusCode(400).body("error", equalTo("limit must be an integer from 1 to 500"));
        }
        as(user).queryParam("before", "x").get("/api/apps/app/riffs/mine/runtime/events").then().statusCode(400);
        as(newUser()).get("/api/apps/app/riffs/mine/runtime/events").then().statusCode(404).body("error", equalTo("App not found"));
        as(user).get("/api/apps/app/riffs/other/runtime/events").then().statusCode(404).body("error", equalTo("Riff not found"));
    }

    @Test
    void recordsNoEventWhereNothingChanged() {
        String user = newUser();
        newRiff(user, "app", "quiet");
        awaitRunning(user, "app", "quiet");
        for (int i = 0; i < 3; i++) {
            as(user).get("/api/apps/app/riffs/quiet/runtime/status").then().statusCode(200);
        }
        as(user).post("/api/apps/app/riffs/quiet/runtime/resume").then().statusCode(200);
        assertThat(eventsOf(user)).extracting(RuntimeEvent::reason).containsExactly("started", "observed");
    }
}

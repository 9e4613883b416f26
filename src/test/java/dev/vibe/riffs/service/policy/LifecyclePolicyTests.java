package dev.vibe.riffs.service.policy;

import static dev.vibe.riffs.Bursts.together;
import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.reconciler.IdlePauses;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The lifecycle policy: activity, keep-alive, idle auto-pause, the per-user cap with its queue and eviction. */
@QuarkusTest
class LifecyclePolicyTests extends FreshRuntimeApiTest {

    private static final String CAP_REACHED_ERROR = "Runtime cap reached: 2 of 2 runtimes of this user are starting or running "
            + "and were active in the last 2 minutes";

    @Inject
    TunableLifecyclePolicy policy;

    @Inject
    IdlePauses idlePauses;

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RiffRepository riffs;

    @AfterEach
    void configuredPolicy() {
        policy.restoreConfigured();
    }

    /** Creates the riff and waits until its runtime runs, as the service has stored it. */
    private String runningRiff(String user, String app, String slug) {
        String runtimeId = as(user).body(Map.of("slug", slug)).post("/api/apps/{app}/riffs", app)
                .then().statusCode(201).extract().path("riff.runtime_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                as(user).get("/api/apps/{app}/riffs/{riff}/runtime/status", app, slug).then().extract().path("runtime.status")));
        assertThat(riff(user, app, slug).getString("runtime_status")).isEqualTo("running");
        return runtimeId;
    }

    private void pausedRiff(String user, String app, String slug) {
        runningRiff(user, app, slug);
        as(user).post("/api/apps/{app}/riffs/{riff}/runtime/pause", app, slug).then().statusCode(200);
    }

    /** Makes the riff look as if nothing concerned it, and its runtime had been started, {@code ago}. */
    private void lastActive(String user, String slug, Duration ago) {
        QuarkusTransaction.requiringNew().run(() -> riffs.update("lastActivityAt = ?1, runtimeStartedAt = ?1 where userId = ?2 and slug = ?3",
                Instant.now().minus(ago), user, slug));
    }

    private String simulatedStatus(String user, String app, String slug) {
        return simulator.runtimeOfSession(sessionId(user, app, slug)).orElseThrow().status();
    }

    private long slotsHeld(String user) {
        return QuarkusTransaction.requiringNew().call(
                () -> riffs.count("userId = ?1 and runtimeStatus in ?2", user, List.of(RuntimeStatus.STARTING, RuntimeStatus.RUNNING)));
    }

    private int runtimeApiCalls() {
        return simulator.requestCount("GET", "/") + simulator.requestCount("POST", "/");
    }

    private void pauseIdleNow() {
        idlePauses.pauseIdle(Instant.now().plusSeconds(30));
    }

    @Test
    void pausesARunningRuntimeIdleForTheConfiguredTime() {
        policy.setIdlePauseAfter(Duration.ofSeconds(1));
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "r");
        JsonPath shown = riff(user, "app", "r");
        assertThat(Instant.parse(shown.getString("idle_pause_at")))
                .isEqualTo(Instant.parse(shown.getString("last_activity_at")).plusSeconds(1));
        lastActive(user, "r", Duration.ofSeconds(2));

        pauseIdleNow();

        assertThat(simulatedStatus(user, "app", "r")).isEqualTo("paused");
        JsonPath paused = riff(user, "app", "r");
        assertThat(paused.getString("runtime_status")).isEqualTo("paused");
        assertThat(paused.getString("idle_pause_at")).isNull();
    }

    @Test
    void keepAliveRecordsActivityAndHoldsOffTheIdlePause() {
        policy.setIdlePauseAfter(Duration.ofSeconds(30));
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "kept");
        runningRiff(user, "app", "forgotten");
        lastActive(user, "kept", Duration.ofMinutes(1));
        lastActive(user, "forgotten", Duration.ofMinutes(1));
        int calls = runtimeApiCalls();

        Instant before = Instant.now().minusSeconds(1);
        JsonPath kept = as(user).post("/api/apps/app/riffs/kept/runtime/keepalive").then().statusCode(200)
                .body("message", equalTo("Keep-alive recorded")).extract().jsonPath().setRootPath("riff");
        assertThat(runtimeApiCalls()).isEqualTo(calls); // no runtime-api call
        assertThat(Instant.parse(kept.getString("last_activity_at"))).isAfter(before);
        pauseIdleNow();

        assertThat(simulatedStatus(user, "app", "kept")).isEqualTo("running");
        assertThat(simulatedStatus(user, "app", "forgotten")).isEqualTo("paused");
        as(user).post("/api/apps/app/riffs/nope/runtime/keepalive").then().statusCode(404).body("error", equalTo("Riff not found"));
    }

    @Test
    void aKeepAliveIsRecordedEveryTimeAndAnswersWhatIsStored() {
        policy.setIdlePauseAfter(Duration.ofSeconds(30));
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "r");

        JsonPath first = as(user).post("/api/apps/app/riffs/r/runtime/keepalive").then().statusCode(200).extract().jsonPath().setRootPath("riff");
        JsonPath second = as(user).post("/api/apps/app/riffs/r/runtime/keepalive").then().statusCode(200).extract().jsonPath().setRootPath("riff");

        Instant recorded = Instant.parse(second.getString("last_activity_at"));
        assertThat(recorded).as("within seconds of the first, recorded all the same")
                .isAfter(Instant.parse(first.getString("last_activity_at")));
        assertThat(Instant.parse(second.getString("idle_pause_at"))).isEqualTo(recorded.plusSeconds(30));
        Instant stored = QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, "app", "r").orElseThrow().lastActivityAt);
        assertThat(stored).isEqualTo(recorded);
    }

    @Test
    void aResetAfterAnIdlePauseResumesTheRuntime() {
        policy.setIdlePauseAfter(Duration.ofSeconds(1));
        String user = newUser();
        createApp(user, "app");
        String runtimeId = runningRiff(user, "app", "r");
        lastActive(user, "r", Duration.ofSeconds(2));
        pauseIdleNow();
        assertThat(simulatedStatus(user, "app", "r")).isEqualTo("paused");

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).body("riff.runtime_id", equalTo(runtimeId));

        assertThat(simulatedStatus(user, "app", "r")).isEqualTo("running");
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void queuesARiffBeyondTheCapAndStartsQueuedRiffsInCreationOrderAsSlotsFree() {
        policy.setMaxRunningPerUser(2);
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "first");
        runningRiff(user, "app", "second");

        for (String slug : List.of("third", "fourth")) {
            as(user).body(Map.of("slug", slug)).post("/api/apps/app/riffs").then().statusCode(201)
                    .body("riff.runtime_status", equalTo("queued"))
                    .body("riff.runtime_id", equalTo(null))
                    .body("riff.runtime_error", equalTo("Runtime cap reached: 2 of 2 runtimes of this user are starting or running; "
                            + "queued until one stops or pauses"));
        }
        reconciler.reconcile(); // no slot: they stay queued
        assertThat(simulator.startsOfSession(sessionId(user, "app", "third"))).isZero();
        assertThat(riff(user, "app", "third").getString("runtime_status")).isEqualTo("queued");

        as(user).post("/api/apps/app/riffs/first/runtime/pause").then().statusCode(200);
        reconciler.reconcile();

        JsonPath third = riff(user, "app", "third");
        assertThat(third.getString("runtime_id")).isNotNull();
        assertThat(third.getString("runtime_error")).isNull();
        assertThat(simulator.startsOfSession(sessionId(user, "app", "third"))).isEqualTo(1);
        assertThat(riff(user, "app", "fourth").getString("runtime_status")).isEqualTo("queued");
        assertThat(simulator.startsOfSession(sessionId(user, "app", "fourth"))).isZero();
        assertThat(slotsHeld(user)).isEqualTo(2);
    }

    @Test
    void aResumeAtTheCapPausesTheLeastRecentlyActiveIdleRuntime() {
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "oldest");
        runningRiff(user, "app", "older");
        pausedRiff(user, "app", "wanted");
        policy.setMaxRunningPerUser(2);
        lastActive(user, "oldest", Duration.ofMinutes(10));
        lastActive(user, "older", Duration.ofMinutes(5));

        as(user).post("/api/apps/app/riffs/wanted/runtime/resume").then().statusCode(200);

        assertThat(simulatedStatus(user, "app", "oldest")).isEqualTo("paused");
        assertThat(simulatedStatus(user, "app", "older")).isEqualTo("running");
        assertThat(simulatedStatus(user, "app", "wanted")).isIn("starting", "running");
        assertThat(riff(user, "app", "oldest").getString("runtime_status")).isEqualTo("paused");
        assertThat(slotsHeld(user)).isEqualTo(2);
    }

    @Test
    void refusesAResumeAtTheCapWhileEveryRunningRuntimeWasRecentlyActive() {
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "a");
        runningRiff(user, "app", "b");
        pausedRiff(user, "app", "wanted");
        policy.setMaxRunningPerUser(2);

        Response refused = as(user).post("/api/apps/app/riffs/wanted/runtime/resume");

        refused.then().statusCode(429).body("error", equalTo(CAP_REACHED_ERROR)).body("status", equalTo("cap_reached"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 120);
        as(user).post("/api/apps/app/riffs/wanted/reset").then().statusCode(429).body("error", equalTo(CAP_REACHED_ERROR));
        assertThat(simulatedStatus(user, "app", "wanted")).isEqualTo("paused");
        assertThat(riff(user, "app", "wanted").getString("runtime_status")).isEqualTo("paused");
        assertThat(List.of(simulatedStatus(user, "app", "a"), simulatedStatus(user, "app", "b"))).containsOnly("running");
    }

    @Test
    void simultaneousResumesAndResetsNeverBothTakeTheLastSlot() throws Exception {
        String user = newUser();
        createApp(user, "app");
        runningRiff(user, "app", "active");
        List<String> paused = IntStream.range(0, 10).mapToObj(i -> "p-" + i).toList();
        paused.forEach(slug -> pausedRiff(user, "app", slug));
        policy.setMaxRunningPerUser(2);

        List<Integer> codes = together(10, i -> () -> as(user)
                .post("/api/apps/app/riffs/{riff}/" + (i % 2 == 0 ? "runtime/resume" : "reset"), paused.get(i)).statusCode());

        assertThat(codes).filteredOn(code -> code == 200).hasSize(1);
        assertThat(codes).filteredOn(code -> code == 429).hasSize(9);
        assertThat(slotsHeld(user)).isEqualTo(2);
        assertThat(simulator.runtimes().stream().filter(runtime -> runtime.sessionId().startsWith(user + ":"))
                .filter(runtime -> !runtime.status().equals("paused"))).hasSize(2);
    }
}

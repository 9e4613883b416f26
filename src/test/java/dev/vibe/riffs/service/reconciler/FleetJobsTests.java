package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.Bursts.together;
import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.policy.TunableLifecyclePolicy;
import dev.vibe.riffs.simulator.SimulatedRuntime;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The reconciler's jobs working together on fresh statuses: a catch-up after an outage is neither slowed nor undone by
 * the idle pauses, a runtime created starting is known running (and so paused on time) within seconds, and a request at
 * its user's cap decides on what the runtimes are now.
 */
@QuarkusTest
class FleetJobsTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RuntimeCatchUp catchUp;

    @Inject
    TunableStatusRefresh refresh;

    @Inject
    TunableLifecyclePolicy policy;

    @Inject
    RiffRepository riffs;

    @Inject
    EntityManager em;

    @AfterEach
    void configured() {
        policy.restoreConfigured();
        refresh.restoreConfigured();
    }

    /** Riffs {prefix}1 .. {prefix}count without a runtime, created and last active an hour ago, as an outage leaves them. */
    private void hourOldRiffsWithoutRuntime(String user, String app, String prefix, int count) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, next_start_at, last_activity_at)
                select a.id, a.user_id, ?4 || n, now() - interval '1 hour', a.user_id, a.user_id || ':' || a.slug || ':' || ?4 || n,
                       now() - interval '1 hour', now() - interval '1 hour'
                from apps a, generate_series(1, ?1) n
                where a.user_id = ?2 and a.slug = ?3""")
                .setParameter(1, count).setParameter(2, user).setParameter(3, app).setParameter(4, prefix).executeUpdate());
    }

    /** Riffs {prefix}1 .. {prefix}count whose runtimes run and have been idle for two hours. */
    private void idleRunningRiffs(String user, String app, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            RunningRiffs.insert(simulator, em, user, app, prefix + i, Duration.ofHours(2));
        }
    }

    private long count(String query, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.count(query, parameters));
    }

    private List<String> simulatedStatuses(String user, String app, String prefix, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> simulator.runtimeOfSession(sessionId(user, app, prefix + i)).map(SimulatedRuntime::status).orElse("none"))
                .toList();
    }

    @Test
    void aCatchUpOfHourOldRiffsIsNotSlowedByIdlePausesAndPausesNoneOfTheRuntimesItStarted() {
        policy.setIdlePauseAfter(Duration.ofMinutes(15));
        String user = newUser();
        createApp(user, "app");
        idleRunningRiffs(user, "app", "idle-", 40);
        hourOldRiffsWithoutRuntime(user, "app", "new-", 150);
        // Each pause takes 3 s (less than the 4 s a call may take in tests): one after the other, 40 of them would take the
        // whole run's budget (30 s) before any start; eight at a time, they take 15 s.
        simulator.slowDownPauses(Duration.ofSeconds(3));

        CompletableFuture<Void> run = CompletableFuture.runAsync(reconciler::reconcile);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("userId = ?1 and slug like 'new-%' and runtimeId is null", user) == 0);
        // The catch-up is done while the idle pauses are still under way.
        assertThat(run).isNotDone();
        assertThat(simulatedStatuses(user, "app", "idle-", 40)).contains("running");
        run.join();
        assertThat(simulatedStatuses(user, "app", "idle-", 40)).containsOnly("paused");

        reconciler.reconcile(); // a later run: the runtimes just started are not idle, whatever the riffs' last activity
        assertThat(simulatedStatuses(user, "app", "new-", 150)).doesNotContain("paused", "none");
        assertThat(IntStream.rangeClosed(1, 150).map(i -> simulator.startsOfSession(sessionId(user, "app", "new-" + i))).distinct())
                .containsExactly(1);
        JsonPath started = riff(user, "app", "new-1");
        assertThat(Instant.parse(started.getString("idle_pause_at"))).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
    }

    @Test
    void catchUpsOfSeveralReplicasAtOnceStartEachRiffOnce() throws Exception {
        String user = newUser();
        createApp(user, "app");
        hourOldRiffsWithoutRuntime(user, "app", "r-", 300);

        // Each call is a replica's catch-up: they claim disjoint batches from the database.
        List<Integer> started = together(3, () -> catchUp.catchUp(Instant.now().plusSeconds(30)));

        assertThat(started.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(300);
        assertThat(count("userId = ?1 and runtimeId is null", user)).isZero();
        assertThat(IntStream.rangeClosed(1, 300).map(i -> simulator.startsOfSession(sessionId(user, "app", "r-" + i))).distinct())
                .containsExactly(1);
    }

    @Test
    void anUntouchedRiffCreatedStartingIsPausedWithinSecondsOfItsIdleLimit() {
        refresh.setRefreshEvery(Duration.ofSeconds(60)); // as in production: no regular refresh during this test
        policy.setIdlePauseAfter(Duration.ofSeconds(3));
        reconciler.reconcile(); // pauses the runtimes other tests left running, so that the runs below are this riff's
        simulator.setStartDelay(Duration.ofMillis(500));
        String user = newUser();
        createApp(user, "app");
        JsonPath created = as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201)
                .extract().jsonPath().setRootPath("riff");
        assertThat(created.getString("runtime_status")).isEqualTo("starting");
        Instant pauseAt = Instant.parse(created.getString("idle_pause_at"));
        assertThat(pauseAt).isBetween(Instant.parse(created.getString("created_at")).plusSeconds(3),
                Instant.parse(created.getString("created_at")).plusSeconds(4));

        // The reconciler, as scheduled, runs again and again; nothing else concerns the riff.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            reconciler.reconcile();
            return "paused".equals(simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow().status());
        });

        Instant pausedAt = Instant.now();
        assertThat(pausedAt).isAfterOrEqualTo(pauseAt).isBefore(pauseAt.plusSeconds(3));
        assertThat(count("userId = ?1 and slug = 'r' and runtimeStatus = ?2", user, RuntimeStatus.PAUSED)).isOne();
    }

    @Test
    void aRuntimeCreatedStartingIsLookedAtAgainWithinSecondsThoughItsStatusIsFresh() {
        refresh.setRefreshEvery(Duration.ofSeconds(60));
        simulator.setStartDelay(Duration.ofMillis(300));
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow().isReady());
        Instant seenRunning = Instant.now();

        reconciler.reconcile(); // too soon: the fast lane waits a little before it looks again
        assertThat(stored(user, "r").runtimeStatus).isEqualTo(RuntimeStatus.STARTING);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            reconciler.reconcile();
            return stored(user, "r").runtimeStatus == RuntimeStatus.RUNNING;
        });

        assertThat(Instant.now()).isBefore(seenRunning.plusSeconds(5));
        assertThat(stored(user, "r").runtimeRecheckAt).isNull(); // settled: left to the regular refresh
    }

    private Riff stored(String user, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.<Riff>find("userId = ?1 and slug = ?2", user, slug).firstResult());
    }

    @Test
    void aResumeAtTheCapEvictsARuntimeThatBecameRunningSecondsAgoThoughStoredAsStarting() {
        refresh.setRefreshEvery(Duration.ofSeconds(60));
        String user = newUser();
        createApp(user, "app");
        as(user).body(Map.of("slug", "wanted")).post("/api/apps/app/riffs").then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                as(user).get("/api/apps/app/riffs/wanted/runtime/status").then().extract().path("runtime.status")));
        as(user).post("/api/apps/app/riffs/wanted/runtime/pause").then().statusCode(200);
        for (String slug : List.of("a", "b")) {
            as(user).body(Map.of("slug", slug)).post("/api/apps/app/riffs").then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of("a", "b").stream()
                .allMatch(slug -> simulator.runtimeOfSession(sessionId(user, "app", slug)).orElseThrow().isReady()));
        // Both idle for 10 s, and still stored as starting: no look-up or refresh has told the service otherwise.
        QuarkusTransaction.requiringNew().run(() -> riffs.update(
                "lastActivityAt = ?1, runtimeStartedAt = ?1 where userId = ?2 and slug in ('a', 'b')", Instant.now().minusSeconds(10), user));
        assertThat(count("userId = ?1 and slug in ('a', 'b') and runtimeStatus = ?2", user, RuntimeStatus.STARTING)).isEqualTo(2);
        policy.setMaxRunningPerUser(2);
        policy.setCapEvictMinIdle(Duration.ofSeconds(5));

        as(user).post("/api/apps/app/riffs/wanted/runtime/resume").then().statusCode(200);

        assertThat(List.of("a", "b").stream().map(slug -> simulator.runtimeOfSession(sessionId(user, "app", slug)).orElseThrow().status()))
                .containsExactlyInAnyOrder("paused", "running");
        assertThat(count("userId = ?1 and runtimeStatus in ?2", user, List.of(RuntimeStatus.STARTING, RuntimeStatus.RUNNING))).isEqualTo(2);
    }
}

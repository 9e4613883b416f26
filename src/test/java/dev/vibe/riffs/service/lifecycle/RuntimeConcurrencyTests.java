package dev.vibe.riffs.service.lifecycle;

import static dev.vibe.riffs.Bursts.together;
import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Bursts;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.RuntimeApiReset;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RuntimeConcurrencyTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RiffRepository riffs;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void simultaneousCreatesStartOneRuntime() throws Exception {
        String user = newUser();
        createApp(user, "app");
        List<Integer> codes = together(20, () -> as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").statusCode());
        assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
        assertThat(codes).filteredOn(code -> code == 200).hasSize(19);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void tenParallelResetsOfAStoppedRuntimeStartOneNewRuntime() throws Exception {
        String user = newUser();
        String old = newRiff(user, "app", "r").getString("runtime_id");
        given().header("X-API-Key", simulator.apiKey()).contentType("application/json").body(Map.of("runtime_id", old))
                .post("/simulator/runtime-api/stop").then().statusCode(200);

        List<String> runtimeIds = together(10, () -> as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200)
                .extract().<String>path("riff.runtime_id"));

        assertThat(runtimeIds).doesNotContain(old).containsOnly(runtimeIds.get(0));
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(2);
        assertThat(riff(user, "app", "r").getString("runtime_id")).isEqualTo(runtimeIds.get(0));
    }

    @Test
    void parallelPausesResumesAndResetsLoseNoUpdate() throws Exception {
        String user = newUser();
        newRiff(user, "app", "r");
        together(9, new Callable<Integer>() {
            private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Integer call() {
                String action = List.of("runtime/pause", "runtime/resume", "reset").get(turn.getAndIncrement() % 3);
                return as(user).post("/api/apps/app/riffs/r/" + action).statusCode();
            }
        });
        // Whatever order they ran in, the riff holds the runtime's current key: no resume's key was lost.
        var runtime = simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow();
        assertThat(riff(user, "app", "r").getString("session_api_key")).isEqualTo(runtime.sessionApiKey());
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void reconcilersRunningAtOnceStartOneRuntimePerRiff() throws Exception {
        String user = newUser();
        createApp(user, "app");
        simulator.goDown();
        for (String slug : List.of("a", "b", "c")) {
            as(user).body(Map.of("slug", slug)).post("/api/apps/app/riffs").then().statusCode(201);
        }
        simulator.comeBack();
        RuntimeApiReset.fresh(simulator);

        together(4, () -> {
            reconciler.reconcile();
            return true;
        });

        for (String slug : List.of("a", "b", "c")) {
            assertThat(simulator.startsOfSession(sessionId(user, "app", slug))).isEqualTo(1);
            assertThat(riff(user, "app", slug).getString("runtime_id")).isNotNull();
        }
    }

    @Test
    void fiveHundredSimultaneousStatusLookUpsOfOneRuntimeAllAnswerAndShareCalls() throws Exception {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.slowDown(Duration.ofMillis(50));

        List<Integer> codes = together(500, () -> as(user).get("/api/apps/app/riffs/r/runtime/status").statusCode());

        assertThat(codes).containsOnly(200);
        assertThat(simulator.requestCount("GET", "/runtime/")).isLessThan(500);
    }

    @Test
    void readsAreServedAndNoConnectionIsHeldWhileFortyCreatesWaitOnASlowStart() throws Exception {
        String user = newUser();
        newRiff(user, "app", "existing");
        simulator.slowDownStarts(Duration.ofSeconds(15)); // far longer than the test profile's client wait (3 s)

        List<Future<String>> creates = Bursts.start(40, i -> () -> as(user).body(Map.of("slug", "slow-" + i))
                .post("/api/apps/app/riffs").then().statusCode(201).extract().path("riff.runtime_status"));
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.requestCount("POST", "/start") == 1 + 40);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(dataSource.getMetrics().activeCount()).isZero());
        List<Integer> reads = together(40, i -> () -> i % 2 == 0
                ? as(user).get("/api/apps").statusCode()
                : as(user).get("/api/apps/app/riffs/existing").statusCode());
        assertThat(reads).containsOnly(200);
        // The reads did not wait for the starts: some are still in flight.
        assertThat(IntStream.range(0, 40).filter(i -> riff(user, "app", "slow-" + i).getString("runtime_id") == null)).isNotEmpty();

        for (Future<String> create : creates) {
            assertThat(create.get()).isEqualTo("starting"); // answered after the client wait, the start still under way
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 40; i++) {
                assertThat(riff(user, "app", "slow-" + i).getString("runtime_id")).isNotNull();
            }
        });
        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(1 + 40);
    }

    @Test
    void aClaimLeftByADeadReplicaExpiresAndTheRiffCanBeResetAgain() {
        String user = newUser();
        newRiff(user, "app", "r");
        long riffId = riffId(user, "app", "r");
        claimAsADeadReplica(riffId, Duration.ofMinutes(5));

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(409).header("Retry-After", "1")
                .body("error", containsString("in progress"));

        claimAsADeadReplica(riffId, Duration.ofMillis(500));
        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
    }

    @Test
    void aRiffDeletedWhileItsRuntimeStartsHasThatRuntimeStopped() throws Exception {
        String user = newUser();
        createApp(user, "app");
        simulator.slowDownStarts(Duration.ofSeconds(1));
        Future<Integer> create = Bursts.start(1, i -> () -> as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").statusCode()).get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestCount("POST", "/start") == 1);

        as(user).delete("/api/apps/app/riffs/r").then().statusCode(200);

        assertThat(create.get()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(simulator.runtimeOfSession(sessionId(user, "app", "r")))
                .hasValueSatisfying(runtime -> assertThat(runtime.status()).isEqualTo("stopped")));
    }

    private long riffId(String user, String app, String riff) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, app, riff).orElseThrow().id);
    }

    private void claimAsADeadReplica(long riffId, Duration lasting) {
        QuarkusTransaction.requiringNew().run(() -> riffs.update("runtimeClaim = ?1, runtimeClaimUntil = ?2 where id = ?3",
                "dead-replica", Instant.now().plus(lasting), riffId));
    }
}

package dev.vibe.riffs.service;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.RuntimeApiReset;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RuntimeConcurrencyTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    /** Runs the calls at the same moment and answers what each returned. */
    private static <T> List<T> together(int count, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

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
}

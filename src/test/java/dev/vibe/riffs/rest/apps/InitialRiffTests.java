package dev.vibe.riffs.rest.apps;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Bursts;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The riff {@code rename-to-{slug}} that every app gets, as from the Flask backend: a riff like any other, with its runtime. */
@QuarkusTest
@TestProfile(InitialRiffProfile.class)
public class InitialRiffTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Test
    void anAppCreatedThroughTheApiHasItsInitialRiffWithARuntime() {
        String user = newUser();
        String runtimeId = as(user).body(Map.of("slug", "shop")).post("/api/apps").then().statusCode(201)
                .body("warnings", empty())
                .body("initial_riff.riff.slug", equalTo("rename-to-shop"))
                .body("initial_riff.riff.runtime_id", notNullValue())
                .extract().path("initial_riff.riff.runtime_id");

        as(user).get("/api/apps/shop/riffs").then().statusCode(200)
                .body("riffs.slug", contains("rename-to-shop"))
                .body("riffs[0].runtime_id", equalTo(runtimeId))
                .body("riffs[0].runtime_url", notNullValue())
                .body("riffs[0].session_api_key", notNullValue());
        assertThat(simulator.runtimeOfSession(sessionId(user, "shop", "rename-to-shop")).orElseThrow().runtimeId()).isEqualTo(runtimeId);
        await().atMost(Duration.ofSeconds(10)).until(() -> as(user).get("/api/apps/shop/riffs/rename-to-shop/ready")
                .then().statusCode(200).extract().<Boolean>path("ready"));
    }

    @Test
    void aRuntimeApiOutageIsAWarningAndTheReconcilerCatchesUp() {
        String user = newUser();
        simulator.goDown();
        as(user).body(Map.of("slug", "shop")).post("/api/apps").then().statusCode(201)
                .body("app.slug", equalTo("shop"))
                .body("initial_riff.riff.slug", equalTo("rename-to-shop"))
                .body("initial_riff.riff.runtime_id", nullValue())
                .body("warnings[0]", org.hamcrest.Matchers.startsWith("Initial riff \"rename-to-shop\" has no runtime yet ("));
        simulator.comeBack();

        reconciler.reconcile();

        as(user).get("/api/apps/shop/riffs").then().body("riffs[0].runtime_id", notNullValue());
        assertThat(simulator.startsOfSession(sessionId(user, "shop", "rename-to-shop"))).isEqualTo(1);
    }

    @Test
    void concurrentCreatesOfOneAppMakeOneAppOneInitialRiffAndOneRuntime() throws Exception {
        String user = newUser();
        List<Integer> statuses = Bursts.together(8, () -> as(user).body(Map.of("slug", "race")).post("/api/apps").statusCode());
        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        as(user).get("/api/apps/race/riffs").then().body("riffs.slug", contains("rename-to-race"));
        assertThat(simulator.startsOfSession(sessionId(user, "race", "rename-to-race"))).isEqualTo(1);
    }

    @Test
    void deletingTheAppStopsItsInitialRiffsRuntime() {
        String user = newUser();
        String runtimeId = as(user).body(Map.of("slug", "gone")).post("/api/apps").then().statusCode(201)
                .extract().path("initial_riff.riff.runtime_id");
        as(user).delete("/api/apps/gone").then().statusCode(200).body("message", equalTo("App \"gone\" deleted successfully"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.runtime(runtimeId).map(r -> "stopped".equals(r.status())).orElse(true));
    }
}

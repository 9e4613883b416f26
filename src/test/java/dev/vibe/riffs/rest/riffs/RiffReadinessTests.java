package dev.vibe.riffs.rest.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Bursts;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET .../ready}, which Vibe's frontend polls while a riff is open: true only when its agent can answer. */
@QuarkusTest
public class RiffReadinessTests extends FreshRuntimeApiTest {

    @Inject
    RiffRepository riffs;

    private static boolean ready(String user, String riff) {
        return as(user).get("/api/apps/app/riffs/{riff}/ready", riff).then().statusCode(200)
                .header("Content-Type", "application/json").extract().path("ready");
    }

    @Test
    void turnsTrueOnceTheRuntimeRunsFalseWhenPausedAndTrueAgainAfterAReset() {
        String user = newUser();
        simulator.setStartDelay(Duration.ofHours(1));
        newRiff(user, "app", "r");
        assertThat(ready(user, "r")).as("starting").isFalse();

        simulator.setStartDelay(Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(user, "r"));
        as(user).get("/api/apps/app/riffs").then().body("riffs[0].runtime_status", equalTo("running"));

        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        assertThat(ready(user, "r")).as("paused").isFalse();

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).body("message", equalTo("LLM reset successfully"))
                .body("ready", equalTo(true));
        assertThat(ready(user, "r")).as("after the reset").isTrue();
    }

    @Test
    void isFalseRatherThanAnErrorWhileTheRuntimeApiIsDown() {
        String user = newUser();
        newRiff(user, "app", "r");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(user, "r"));
        simulator.goDown();
        assertThat(ready(user, "r")).isFalse();
        simulator.comeBack();
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(user, "r"));
    }

    @Test
    void isFalseForARiffWithoutRuntimeOrWhoseRuntimeIsGone() {
        String user = newUser();
        createApp(user, "app");
        simulator.goDown();
        as(user).body(Map.of("slug", "none")).post("/api/apps/app/riffs").then().statusCode(201);
        simulator.comeBack();
        assertThat(ready(user, "none")).isFalse();

        String runtimeId = as(user).body(Map.of("slug", "gone")).post("/api/apps/app/riffs").then().statusCode(201)
                .extract().path("riff.runtime_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(user, "gone"));
        simulator.forget(runtimeId);
        assertThat(ready(user, "gone")).isFalse();
        as(user).get("/api/apps/app/riffs").then().body("riffs.find { it.slug == 'gone' }.runtime_status", equalTo("missing"));
    }

    @Test
    void concurrentChecksOfOneRuntimeShareTheirLookUp() throws Exception {
        String user = newUser();
        newRiff(user, "app", "r");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(user, "r"));
        simulator.slowDown(Duration.ofMillis(500));
        int lookupsBefore = simulator.requestCount("GET", "/runtime/");

        List<Boolean> answers = Bursts.together(16, () -> ready(user, "r"));

        assertThat(answers).containsOnly(true);
        assertThat(simulator.requestCount("GET", "/runtime/") - lookupsBefore).as("runtime-api look-ups for 16 checks").isLessThan(8);
    }

    @Test
    void countsAsActivityOnTheRiff() {
        String user = newUser();
        newRiff(user, "app", "r");
        assertThat(lastActivity(user)).isNull();
        ready(user, "r");
        assertThat(lastActivity(user)).isNotNull();
    }

    private java.time.Instant lastActivity(String user) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, "app", "r").orElseThrow().lastActivityAt);
    }
}

package dev.vibe.riffs.service.lifecycle;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LongRuntimeApiCalls;
import dev.vibe.riffs.runtime.RuntimeApiGuards;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code /start} and {@code /resume} that take longer than a claim lasts, or longer than their own timeout: the claim
 * is kept meanwhile, a call that timed out is checked rather than repeated, and no second runtime or rotation follows.
 */
@QuarkusTest
@TestProfile(LongRuntimeApiCalls.class)
class LongRuntimeApiCallsTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RuntimeApiGuards guards;

    @Inject
    EntityManager entityManager;

    /** Whether the riff's claim still holds by the database's clock. */
    private boolean claimHolds(String user, String app, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) entityManager.createNativeQuery("""
                select coalesce(bool_or(r.runtime_claim is not null and r.runtime_claim_until > clock_timestamp()), false)
                from riffs r join apps a on a.id = r.app_id
                where a.user_id = ?1 and a.slug = ?2 and r.slug = ?3""")
                .setParameter(1, user).setParameter(2, app).setParameter(3, slug).getSingleResult());
    }

    private void assertBreakersClosed() {
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed")
                .containsEntry(RuntimeApiGuards.START, "closed");
    }

    @Test
    void aStartThatOutlastsTheClaimsTtlKeepsTheClaimUntilItsOutcomeIsRecorded() {
        String user = newUser();
        createApp(user, "app");
        simulator.slowDownStarts(Duration.ofSeconds(4)); // within its 5 s timeout, twice the 2 s claim

        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201)
                .body("riff.runtime_status", equalTo("starting"));
        // Well past the TTL of the claim taken at the insert, and while the start is still in flight.
        await().during(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(3)).until(() -> claimHolds(user, "app", "r"));
        reconciler.reconcile(); // finds the riff claimed: no look-up, no start of its own

        await().atMost(Duration.ofSeconds(10)).until(() -> riff(user, "app", "r").getString("runtime_id") != null);
        assertThat(claimHolds(user, "app", "r")).isFalse(); // given up with the recorded outcome
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
        assertBreakersClosed();
    }

    @Test
    void aStartSlowerThanItsTimeoutIsAdoptedByTheReconcilerNotStartedAgain() {
        String user = newUser();
        createApp(user, "app");
        simulator.slowDownStarts(Duration.ofSeconds(30)); // the runtime is made at once; the answer never comes in time

        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201)
                .body("riff.runtime_status", equalTo("starting"));
        await().atMost(Duration.ofSeconds(15)).until(() -> riff(user, "app", "r").getString("runtime_status") == null);
        assertThat(riff(user, "app", "r").getString("runtime_error")).isEqualTo("runtime-api did not answer in time");

        reconciler.reconcile();

        assertThat(riff(user, "app", "r").getString("runtime_id"))
                .isEqualTo(simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow().runtimeId());
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
        assertBreakersClosed();
    }

    @Test
    void aResumeWhoseAnswerComesTooLateIsCheckedByALookUpAndItsKeyKept() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.setStartDelay(Duration.ZERO);
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        String oldKey = riff(user, "app", "r").getString("session_api_key");
        simulator.slowDownStarts(Duration.ofSeconds(30)); // resumes at once, answers far too late

        // Answered after the 1 s client wait; the resume goes on until its 5 s timeout, then a look-up tells what
        // became of it.
        as(user).post("/api/apps/app/riffs/r/runtime/resume").then().statusCode(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> !claimHolds(user, "app", "r"));

        String current = simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow().sessionApiKey();
        String stored = riff(user, "app", "r").getString("session_api_key");
        String url = riff(user, "app", "r").getString("runtime_url");
        assertThat(stored).isEqualTo(current).isNotEqualTo(oldKey);
        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(1); // one rotation
        await().atMost(Duration.ofSeconds(10)).until(() -> agentSearch(url, stored) == 200);
        assertThat(agentSearch(url, oldKey)).isEqualTo(401);
        assertBreakersClosed();
    }

    @Test
    void aStartSendsEveryConfiguredField() {
        String user = newUser();
        newRiff(user, "app", "r");

        JsonNode start = simulator.startRequestOf(sessionId(user, "app", "r")).orElseThrow();
        assertThat(start.path("run_as_user").asInt()).isEqualTo(10001);
        assertThat(start.path("run_as_group").asInt()).isEqualTo(10002);
        assertThat(start.path("fs_group").asInt()).isEqualTo(10003);
        assertThat(start.path("resource_factor").asInt()).isEqualTo(2);
        assertThat(start.path("runtime_class").asText()).isEqualTo("sysbox-runc");
        assertThat(start.path("image_pull_policy").asText()).isEqualTo("IfNotPresent");
        assertThat(start.path("environment").path("DEBUG").asText()).isEqualTo("true");
    }

    private static int agentSearch(String runtimeUrl, String sessionApiKey) {
        return given().header("X-Session-API-Key", sessionApiKey).get(runtimeUrl + "/api/conversations/search").statusCode();
    }
}

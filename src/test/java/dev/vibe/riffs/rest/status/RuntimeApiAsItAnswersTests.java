package dev.vibe.riffs.rest.status;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.rest.OpenApiDocument;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiGuards;
import dev.vibe.riffs.runtime.StartRequests;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import dev.vibe.riffs.simulator.OddAnswer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The runtime-api as it really answers, driven through this service's HTTP API against the strict simulator: odd and
 * partial answers, resume answers with only a key or none, slow starts. Each ends with no 5xx, no second runtime, the
 * newest session key stored, and the circuit breakers closed.
 */
@QuarkusTest
class RuntimeApiAsItAnswersTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RuntimeApiClient client;

    @Inject
    StartRequests startRequests;

    @Inject
    RuntimeApiGuards guards;

    @Inject
    RiffRepository riffs;

    @Inject
    EntityManager entityManager;

    private void assertBreakersClosed() {
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed")
                .containsEntry(RuntimeApiGuards.START, "closed");
    }

    private String currentKey(String user, String app, String slug) {
        return simulator.runtimeOfSession(sessionId(user, app, slug)).orElseThrow().sessionApiKey();
    }

    /** Calls an endpoint of the riff's agent server that needs the session key, as a Vibe client would. */
    private static int agentSearch(String runtimeUrl, String sessionApiKey) {
        return given().header("X-Session-API-Key", sessionApiKey).get(runtimeUrl + "/api/conversations/search").statusCode();
    }

    /** Riffs r-1 .. r-count in the user's app, without a runtime, due now (as if created during an outage). */
    private void riffsWithoutRuntime(String user, String app, int count) {
        createApp(user, app);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, next_start_at)
                select a.id, a.user_id, 'r-' || n, now() - interval '1 minute', a.user_id,
                       a.user_id || ':' || a.slug || ':r-' || n, now() - interval '1 minute'
                from apps a, generate_series(1, ?1) n
                where a.user_id = ?2 and a.slug = ?3""")
                .setParameter(1, count).setParameter(2, user).setParameter(3, app).executeUpdate());
    }

    @Test
    void aRuntimeWithOddFieldsIsShownWithItsRestartReasonsAsGivenAndNeverAsReady() {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.setStartDelay(Duration.ZERO);

        for (int i = 0; i < 12; i++) { // more than the circuit breaker's window
            simulator.answerOddly(1, OddAnswer.ODD_FIELDS);
            Response status = api.assertDocuments("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"));
            status.then().statusCode(200)
                    .body("runtime.status", equalTo("running"))
                    .body("runtime.pod_status", nullValue())
                    .body("runtime.restart_count", equalTo(3))
                    .body("runtime.restart_reasons[0].reason", equalTo("OOMKilled"))
                    .body("runtime.restart_reasons[0].exit_code", equalTo(137));
        }
        // A reset waits for running with pod_status ready: an unknown pod status never is.
        simulator.answerOddly(100, OddAnswer.ODD_FIELDS);
        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(202);
        assertBreakersClosed();
    }

    @Test
    void theReconcilerReadsAroundNullAndPartialBatchItemsWithoutStartingASecondRuntime() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 4);
        // r-1 and r-2 have runtimes already (starts that went through while their answers were lost).
        for (String slug : List.of("r-1", "r-2")) {
            client.start(startRequests.of(sessionId(user, "app", slug)));
        }
        simulator.answerOddly(1, OddAnswer.NULL_BATCH_ITEM);
        simulator.answerOddly(1, OddAnswer.BATCH_ITEMS_WITHOUT_SESSION_ID);

        reconciler.reconcile();

        for (String slug : List.of("r-1", "r-2", "r-3", "r-4")) {
            assertThat(simulator.startsOfSession(sessionId(user, "app", slug))).as(slug).isEqualTo(1);
            assertThat(riff(user, "app", slug).getString("runtime_id"))
                    .isEqualTo(simulator.runtimeOfSession(sessionId(user, "app", slug)).orElseThrow().runtimeId());
        }

        // The status refresh, with batch answers whose items say no runtime id: statuses stay true, never "missing".
        simulator.answerOddly(1, OddAnswer.NULL_BATCH_ITEM);
        simulator.answerOddly(1, OddAnswer.BATCH_ITEMS_WITHOUT_RUNTIME_ID);
        simulator.setStartDelay(Duration.ZERO);
        reconciler.reconcile();
        for (String slug : List.of("r-1", "r-2", "r-3", "r-4")) {
            assertThat(riff(user, "app", slug).getString("runtime_status")).as(slug).isEqualTo("running");
        }
        assertBreakersClosed();
    }

    @Test
    void aResumeAnswerWithOnlyTheKeyOrNoneStoresTheNewKeyWhichTheAgentServerAccepts() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.setStartDelay(Duration.ZERO);

        for (OddAnswer answer : List.of(OddAnswer.RESUME_ONLY_KEY, OddAnswer.RESUME_EMPTY, OddAnswer.RESUME_NULL)) {
            as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
            String oldKey = riff(user, "app", "r").getString("session_api_key");
            simulator.answerOddly(1, answer);

            as(user).post("/api/apps/app/riffs/r/runtime/resume").then().statusCode(200)
                    .body("riff.session_api_key", equalTo(currentKey(user, "app", "r")));

            String storedKey = riff(user, "app", "r").getString("session_api_key");
            String url = riff(user, "app", "r").getString("runtime_url");
            assertThat(storedKey).as("after %s", answer).isEqualTo(currentKey(user, "app", "r")).isNotEqualTo(oldKey);
            await().atMost(Duration.ofSeconds(10)).until(() -> agentSearch(url, storedKey) == 200);
            assertThat(agentSearch(url, oldKey)).isEqualTo(401);
        }
        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(3);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
        assertBreakersClosed();
    }

    @Test
    void aResetWhoseResumeAnswersNothingResumesTheRuntimeInsteadOfStartingASecondOne() {
        String user = newUser();
        newRiff(user, "app", "r");
        simulator.setStartDelay(Duration.ZERO);
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        simulator.answerOddly(1, OddAnswer.RESUME_NULL);

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200)
                .body("riff.session_api_key", equalTo(currentKey(user, "app", "r")));

        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(1);
    }

    @Test
    void aCreateWhoseStartIsSlowAnswersStartingAndGetsItsRuntimeWhenTheStartAnswers() {
        String user = newUser();
        createApp(user, "app");
        simulator.slowDownStarts(Duration.ofSeconds(8)); // the test profile's client wait is 3 s

        long begin = System.nanoTime();
        as(user).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201)
                .body("riff.runtime_id", nullValue())
                .body("riff.runtime_status", equalTo("starting"))
                .body("riff.runtime_error", containsString("still being started"));
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(7));
        assertThat(riff(user, "app", "r").getString("runtime_status")).isEqualTo("starting"); // a list or get says the same

        reconciler.reconcile(); // the start goes on under the riff's claim: nobody else starts it

        await().atMost(Duration.ofSeconds(20)).until(() -> riff(user, "app", "r").getString("runtime_id") != null);
        assertThat(riff(user, "app", "r").getString("runtime_error")).isNull();
        assertThat(riff(user, "app", "r").getString("runtime_id"))
                .isEqualTo(simulator.runtimeOfSession(sessionId(user, "app", "r")).orElseThrow().runtimeId());
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(1);
        assertBreakersClosed();
    }

    @Test
    void aResetWhoseStartIsSlowAnswers202StartingAndRecordsTheNewRuntimeLater() {
        String user = newUser();
        String oldRuntime = newRiff(user, "app", "r").getString("runtime_id");
        simulator.forget(oldRuntime);
        simulator.slowDownStarts(Duration.ofSeconds(8));

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(202)
                .body("riff.runtime_status", equalTo("starting"))
                .body("riff.runtime_error", containsString("still being started"))
                .body("runtime", nullValue());

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String now = riff(user, "app", "r").getString("runtime_id");
            return now != null && !now.equals(oldRuntime);
        });
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r"))).isEqualTo(2); // the first, and the reset's
        assertBreakersClosed();
    }

    @Test
    void aStartThatWentThroughAfterItsCallerGaveUpIsAdoptedOnceItsClaimExpires() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 1);
        String session = sessionId(user, "app", "r-1");
        // A replica claimed the riff, made the start, and died before recording it.
        long riffId = QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, "app", "r-1").orElseThrow().id);
        QuarkusTransaction.requiringNew().run(() -> riffs.update("runtimeClaim = ?1, runtimeClaimUntil = ?2 where id = ?3",
                "dead-replica", Instant.now().plusSeconds(3), riffId));
        String made = client.start(startRequests.of(session)).runtimeId();

        reconciler.reconcile(); // the claim still holds: the riff is left alone
        assertThat(riff(user, "app", "r-1").getString("runtime_id")).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(riff(user, "app", "r-1").getString("runtime_id")).isEqualTo(made);
        });
        assertThat(simulator.startsOfSession(session)).isEqualTo(1);
    }

    @Test
    void aStartSendsTheConfiguredFieldsAndNoUnsetOptionalOne() {
        String user = newUser();
        newRiff(user, "app", "r");

        JsonNode start = simulator.startRequestOf(sessionId(user, "app", "r")).orElseThrow();
        assertThat(start.path("session_id").asText()).isEqualTo(sessionId(user, "app", "r"));
        assertThat(start.path("image").asText()).isEqualTo("ghcr.io/all-hands-ai/agent-server:8daf576-python");
        assertThat(start.path("command").asText()).isEqualTo("/usr/local/bin/openhands-agent-server --port 60000");
        assertThat(start.path("working_dir").asText()).isEqualTo("/");
        assertThat(start.path("environment").isObject()).isTrue();
        for (String unset : List.of("run_as_user", "run_as_group", "fs_group", "resource_factor", "runtime_class", "image_pull_policy")) {
            assertThat(start.has(unset)).as(unset).isFalse();
        }
    }

    @Test
    void aFailedProvisioningIsLoggedWithItsRiffAndReasonInBoundedLines() {
        String user = newUser();
        createApp(user, "app");
        try (LogCapture log = LogCapture.open()) {
            for (int i = 0; i < 20; i++) {
                simulator.refuseStartsOf(sessionId(user, "app", "burst-" + i), 422);
                as(user).body(Map.of("slug", "burst-" + i)).post("/api/apps/app/riffs").then().statusCode(201)
                        .body("riff.runtime_id", nullValue());
            }
            // The first failure is logged at once unless another was within the interval; then the next one after it.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                simulator.refuseStartsOf(sessionId(user, "app", "late"), 422);
                as(user).delete("/api/apps/app/riffs/late");
                as(user).body(Map.of("slug", "late")).post("/api/apps/app/riffs").then().statusCode(201);
                assertThat(lines(log)).isNotEmpty();
            });
            List<String> lines = lines(log);
            assertThat(lines).hasSizeLessThanOrEqualTo(3);
            assertThat(lines).anySatisfy(line -> assertThat(line).containsPattern("riff \\d+ \\(request\\): runtime-api answered 422"));
            assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(simulator.apiKey()));
        }
    }

    private static List<String> lines(LogCapture log) {
        return log.linesAtLeast(Level.WARNING).stream().map(LogCapture.Line::text)
                .filter(text -> text.startsWith("Riffs left without a runtime for now")).toList();
    }
}

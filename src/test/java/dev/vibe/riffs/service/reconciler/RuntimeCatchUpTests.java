package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static dev.vibe.riffs.rest.Api.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The reconciler giving runtimes to riffs that have none, as after an outage. */
@QuarkusTest
class RuntimeCatchUpTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeReconciler reconciler;

    @Inject
    RiffRepository riffs;

    @Inject
    EntityManager entityManager;

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

    private long withoutRuntime(String user) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.count("userId = ?1 and runtimeId is null", user));
    }

    private Riff stored(String user, String app, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, app, slug).orElseThrow());
    }

    @Test
    void givesManyRiffsTheirRuntimesInOneRunWithOneSessionLookUpPerBatch() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 250);
        int batchCalls = simulator.requestCount("GET", "/sessions/batch");
        int lookUps = simulator.requestCount("GET", "/sessions/") - batchCalls;

        reconciler.reconcile();

        assertThat(withoutRuntime(user)).isZero();
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r-1"))).isEqualTo(1);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r-250"))).isEqualTo(1);
        assertThat(simulator.requestCount("GET", "/sessions/") - simulator.requestCount("GET", "/sessions/batch")).isEqualTo(lookUps);
        assertThat(simulator.requestCount("GET", "/sessions/batch") - batchCalls).isGreaterThanOrEqualTo(3);
    }

    @Test
    void adoptsALiveRuntimeOfTheSessionInsteadOfStartingAnother() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 1);
        String existing = given().header("X-API-Key", simulator.apiKey()).contentType("application/json")
                .body(Map.of("session_id", sessionId(user, "app", "r-1"))).post("/simulator/runtime-api/start")
                .then().statusCode(201).extract().path("runtime_id");

        reconciler.reconcile();

        assertThat(riff(user, "app", "r-1").getString("runtime_id")).isEqualTo(existing);
        assertThat(simulator.startsOfSession(sessionId(user, "app", "r-1"))).isEqualTo(1);
    }

    @Test
    void aRiffWhoseStartIsAlwaysRefusedNeverDelaysTheOthers() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 5);
        String poison = sessionId(user, "app", "r-1"); // the oldest: first in line
        simulator.refuseStartsOf(poison, 422);

        reconciler.reconcile();

        assertThat(withoutRuntime(user)).isEqualTo(1);
        Riff refused = stored(user, "app", "r-1");
        assertThat(refused.runtimeError).isEqualTo("runtime-api answered 422");
        assertThat(refused.startAttempts).isEqualTo(1);
        assertThat(refused.nextStartAt).isAfter(Instant.now());
        int attempts = simulator.requestCount("POST", "/start");

        reconciler.reconcile(); // its pause is not over: not tried again

        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(attempts);
        assertThat(stored(user, "app", "r-1").startAttempts).isEqualTo(1);
    }

    @Test
    void stopsWhileTheRuntimeApiIsDownAndCatchesUpOnceItIsBack() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 30);
        simulator.goDown();

        reconciler.reconcile();

        assertThat(withoutRuntime(user)).isEqualTo(30);
        assertThat(simulator.requestCount("POST", "/start")).isZero();
        assertThat(stored(user, "app", "r-1").startAttempts).isZero(); // an outage is nobody's fault

        simulator.comeBack();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(withoutRuntime(user)).isZero();
        });
    }

    @Test
    void slowsDownOnTooManyRequestsWithoutBlamingTheRiff() {
        String user = newUser();
        riffsWithoutRuntime(user, "app", 1);
        simulator.refuseStartsOf(sessionId(user, "app", "r-1"), 429);

        reconciler.reconcile();

        Riff slowed = stored(user, "app", "r-1");
        assertThat(slowed.runtimeId).isNull();
        assertThat(slowed.runtimeError).isEqualTo("runtime-api answered 429");
        assertThat(slowed.startAttempts).isZero();
        assertThat(slowed.nextStartAt).isAfter(Instant.now());
        simulator.allowStartsOf(sessionId(user, "app", "r-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(withoutRuntime(user)).isZero();
        });
    }
}

package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;

import jakarta.persistence.EntityManager;

import dev.vibe.riffs.simulator.RuntimeApiSimulator;
import dev.vibe.riffs.simulator.SimulatedRuntime;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Riffs whose runtimes run in the simulator, stored as running (and created, started, last active) {@code ago}. */
final class RunningRiffs {

    private RunningRiffs() {
    }

    static void insert(RuntimeApiSimulator simulator, EntityManager em, String user, String app, String slug, Duration ago) {
        String session = sessionId(user, app, slug);
        SimulatedRuntime started = simulator.runtime(given().header("X-API-Key", simulator.apiKey()).contentType("application/json")
                .body(Map.of("session_id", session)).post("/simulator/runtime-api/start")
                .then().statusCode(201).extract().<String>path("runtime_id")).orElseThrow();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, runtime_id, runtime_url,
                                   session_api_key, runtime_status, runtime_status_at, last_activity_at, runtime_started_at)
                select a.id, a.user_id, ?3, now() - ?8 * interval '1 second', a.user_id, ?4, ?5, ?6, ?7, 'running',
                       now() - ?8 * interval '1 second', now() - ?8 * interval '1 second', now() - ?8 * interval '1 second'
                from apps a where a.user_id = ?1 and a.slug = ?2""")
                .setParameter(1, user).setParameter(2, app).setParameter(3, slug).setParameter(4, session)
                .setParameter(5, started.runtimeId()).setParameter(6, started.url()).setParameter(7, started.sessionApiKey())
                .setParameter(8, ago.toSeconds())
                .executeUpdate());
        simulator.setStartDelay(Duration.ZERO); // every runtime started so far runs
    }
}

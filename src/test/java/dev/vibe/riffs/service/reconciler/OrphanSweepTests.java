package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.sessionId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.config.RuntimeApiConfig.OrphanSweepMode;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.service.reconciler.OrphanSweep.Policy;
import dev.vibe.riffs.service.reconciler.OrphanSweep.Result;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The orphan sweep, with explicit policies: the tests' own configuration has no session prefix, and their riffs are
 * created with it; runtimes of prefixed sessions are started in the simulator directly.
 */
@QuarkusTest
class OrphanSweepTests extends FreshRuntimeApiTest {

    private static final String PREFIX = "test-prefix:";

    @Inject
    OrphanSweep sweep;

    @Inject
    RuntimeStopRepository stops;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Inject
    Scheduler scheduler;

    private static Policy policy(OrphanSweepMode mode, String prefix, Duration grace) {
        return new Policy(mode, Optional.ofNullable(prefix), grace);
    }

    /** Starts a runtime for the session, as another replica, deployment or a lost request might have. */
    private String startRuntime(String sessionId) {
        return given().header("X-API-Key", simulator.apiKey()).contentType("application/json")
                .body(Map.of("session_id", sessionId)).post("/simulator/runtime-api/start")
                .then().statusCode(201).extract().path("runtime_id");
    }

    private String statusOf(String runtimeId) {
        return simulator.runtime(runtimeId).orElseThrow().status();
    }

    private boolean stopOwed(String runtimeId) {
        return QuarkusTransaction.requiringNew().call(() -> stops.isPending(runtimeId));
    }

    private double counted(String counter) {
        return registry.get(counter).counter().count();
    }

    private static List<String> orphanLines(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.startsWith("Orphan runtime ")).toList();
    }

    @Test
    void isScheduled() {
        assertThat(scheduler.getScheduledJob("orphan-sweep")).isNotNull();
    }

    @Test
    void reportsEachOrphanOnceAndStopsNothingInReportMode() {
        String user = newUser();
        String held = newRiff(user, "app", "r").getString("runtime_id");
        String strayOfRiff = startRuntime(sessionId(user, "app", "r")); // the riff holds another runtime
        String prefixedSession = PREFIX + user + ":app:gone";
        String prefixed = startRuntime(prefixedSession); // no riff has this session
        String foreign = startRuntime(newUser() + ":app:elsewhere");
        double foundBefore = counted("runtime_orphans_found");
        Policy report = policy(OrphanSweepMode.REPORT, PREFIX, Duration.ZERO);

        Result first;
        Result second;
        try (LogCapture logs = LogCapture.open()) {
            first = sweep.sweep(report);
            second = sweep.sweep(report);

            assertThat(orphanLines(logs)).hasSize(2);
            assertThat(orphanLines(logs)).anySatisfy(line -> assertThat(line).contains(strayOfRiff, sessionId(user, "app", "r")));
            assertThat(orphanLines(logs)).anySatisfy(line -> assertThat(line).contains(prefixed, prefixedSession));
            assertThat(String.join("\n", logs.lines())).doesNotContain(
                    simulator.runtime(strayOfRiff).orElseThrow().sessionApiKey(), simulator.runtime(prefixed).orElseThrow().sessionApiKey());
        }

        assertThat(first).isEqualTo(new Result(2, 2, 0, 1));
        assertThat(second).isEqualTo(new Result(2, 0, 0, 1));
        assertThat(counted("runtime_orphans_found") - foundBefore).isEqualTo(2);
        assertThat(registry.get("runtime_orphans").gauge().value()).isEqualTo(2);
        for (String runtimeId : List.of(held, strayOfRiff, prefixed, foreign)) {
            assertThat(stopOwed(runtimeId)).isFalse();
            assertThat(statusOf(runtimeId)).isNotEqualTo("stopped");
        }
    }

    @Test
    void stopModeStopsAPrefixedOrphanAndLeavesEverythingElseAlone() {
        String user = newUser();
        String held = newRiff(user, "app", "r").getString("runtime_id");
        String strayOfRiff = startRuntime(sessionId(user, "app", "r")); // an orphan, but its session has no prefix
        String orphan = startRuntime(PREFIX + user + ":app:gone");
        String foreign = startRuntime(newUser() + ":app:elsewhere");
        // A user of an unprefixed deployment named like our prefix: one part short of a prefixed session.
        String foreignLookalike = startRuntime(PREFIX + "app:riff");
        String adopted = startRuntime(riffWithoutRuntime(user, "pending"));
        String claimedRiffsOther = startRuntime(claimedRiff(user, "claimed"));
        double stoppedBefore = counted("runtime_orphans_stopped");

        Result result = sweep.sweep(policy(OrphanSweepMode.STOP, PREFIX, Duration.ZERO));

        assertThat(result).isEqualTo(new Result(2, 2, 1, 2));
        assertThat(counted("runtime_orphans_stopped") - stoppedBefore).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(statusOf(orphan)));
        for (String untouched : List.of(held, strayOfRiff, foreign, foreignLookalike, adopted, claimedRiffsOther)) {
            assertThat(stopOwed(untouched)).isFalse();
            assertThat(statusOf(untouched)).isNotEqualTo("stopped");
        }
        // Stopped, it is no longer listed, nor an orphan.
        assertThat(sweep.sweep(policy(OrphanSweepMode.STOP, PREFIX, Duration.ZERO))).isEqualTo(new Result(1, 0, 0, 2));
    }

    @Test
    void stopModeWithoutAPrefixOnlyReports() {
        String user = newUser();
        newRiff(user, "app", "r");
        String strayOfRiff = startRuntime(sessionId(user, "app", "r"));
        String prefixed = startRuntime(PREFIX + user + ":app:gone"); // without a prefix configured, not provably ours

        Result result = sweep.sweep(policy(OrphanSweepMode.STOP, null, Duration.ZERO));

        assertThat(result).isEqualTo(new Result(1, 1, 0, 1));
        assertThat(stopOwed(strayOfRiff)).isFalse();
        assertThat(statusOf(strayOfRiff)).isNotEqualTo("stopped");
        assertThat(statusOf(prefixed)).isNotEqualTo("stopped");
    }

    @Test
    void aFreshOrphanIsStoppedOnlyOnceItsGraceIsOver() {
        String orphan = startRuntime(PREFIX + newUser() + ":app:gone");

        assertThat(sweep.sweep(policy(OrphanSweepMode.STOP, PREFIX, Duration.ofHours(1)))).isEqualTo(new Result(1, 1, 0, 0));
        assertThat(stopOwed(orphan)).isFalse();
        assertThat(statusOf(orphan)).isNotEqualTo("stopped");

        // The grace counts from when it was first seen, which the next sweep remembers.
        assertThat(sweep.sweep(policy(OrphanSweepMode.STOP, PREFIX, Duration.ZERO))).isEqualTo(new Result(1, 0, 1, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(statusOf(orphan)));
    }

    @Test
    void aRuntimeWhoseStopIsOwedAlreadyIsNoOrphan() {
        String session = PREFIX + newUser() + ":app:deleted";
        String stopping = startRuntime(session);
        QuarkusTransaction.requiringNew().run(() -> stops.enqueue(stopping, session, Instant.now().plusSeconds(3600)));
        try {
            assertThat(sweep.sweep(policy(OrphanSweepMode.STOP, PREFIX, Duration.ZERO))).isEqualTo(new Result(0, 0, 0, 0));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> stops.delete("runtimeId", stopping));
        }
    }

    @Test
    void sweepsOfSeveralReplicasAtOnceReportEachOrphanOnce() throws Exception {
        String orphan = startRuntime(PREFIX + newUser() + ":app:gone");
        Callable<Result> oneReplicasSweep = () -> sweep.sweep(policy(OrphanSweepMode.REPORT, PREFIX, Duration.ZERO));
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        List<Result> results = new ArrayList<>();
        try {
            for (Future<Result> result : replicas.invokeAll(Collections.nCopies(4, oneReplicasSweep))) {
                results.add(result.get());
            }
        } finally {
            replicas.shutdownNow();
        }

        assertThat(results).allSatisfy(result -> assertThat(result.found()).isEqualTo(1));
        assertThat(results.stream().mapToInt(Result::reported).sum()).isEqualTo(1);
        assertThat(statusOf(orphan)).isNotEqualTo("stopped");
    }

    @Test
    void doesNothingWhenOff() {
        startRuntime(PREFIX + newUser() + ":app:gone");
        int lists = simulator.requestCount("GET", "/list");

        assertThat(sweep.sweep(policy(OrphanSweepMode.OFF, PREFIX, Duration.ZERO))).isEqualTo(new Result(0, 0, 0, 0));
        assertThat(simulator.requestCount("GET", "/list")).isEqualTo(lists);
    }

    /** A riff (with a prefixed session) that has no runtime yet and is never due for a start; answers its session. */
    private String riffWithoutRuntime(String user, String slug) {
        String session = PREFIX + user + ":app2:" + slug;
        createApp(user, "app2");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, next_start_at)
                select a.id, a.user_id, ?1, now(), a.user_id, ?2, 'infinity'
                from apps a where a.user_id = ?3 and a.slug = 'app2'""")
                .setParameter(1, slug).setParameter(2, session).setParameter(3, user).executeUpdate());
        return session;
    }

    /** A riff with a runtime, claimed now by a request that is changing its runtime; answers its session. */
    private String claimedRiff(String user, String slug) {
        newRiff(user, "app3", slug);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                update riffs set runtime_claim = 'test', runtime_claim_until = now() + interval '1 minute'
                where user_id = ?1 and slug = ?2""")
                .setParameter(1, user).setParameter(2, slug).executeUpdate());
        return sessionId(user, "app3", slug);
    }
}

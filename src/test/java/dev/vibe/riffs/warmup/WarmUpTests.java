package dev.vibe.riffs.warmup;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.Management;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.identity.WarmUpPass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The warm-up before readiness (off in tests, so each test runs it itself): the service's own requests to itself,
 * which record no activity.
 */
@QuarkusTest
class WarmUpTests extends FreshRuntimeApiTest {

    /** The warm-up's threads by default (vibe.warm-up.threads). */
    private static final int THREADS = 32;

    @Inject
    HotPathWarmUp warmUp;

    @Inject
    RiffRepository riffs;

    @Test
    void looksUpTheNewestRiffsRuntimesWithoutRecordingAnyActivity() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        Instant anHourAgo = anHourAgo(user);
        int lookUpsBefore = simulator.requestCount("GET", "/runtime/" + runtimeId);

        WarmUpProgress progress = warmUp.run(Duration.ofMillis(200));

        assertThat(progress.done()).isTrue();
        assertThat(progress.rounds()).isPositive();
        assertThat(progress.lookUps()).isPositive();
        assertThat(progress.stoppedLookUps()).isNull();
        assertThat(simulator.requestCount("GET", "/runtime/" + runtimeId)).isGreaterThan(lookUpsBefore);
        // An ordinary request on the riff records its activity, which holds off its idle pause.
        assertThat(stored(user).lastActivityAt).isEqualTo(anHourAgo);
    }

    @Test
    void aRequestWithAnyOtherPassIsAnOrdinaryOneAndRecordsActivity() {
        String user = newUser();
        newRiff(user, "app", "r");
        Instant anHourAgo = anHourAgo(user);

        as(user).header(WarmUpPass.HEADER, "not-the-pass").get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);

        assertThat(stored(user).lastActivityAt).isAfter(anHourAgo);
    }

    @Test
    void keepsThePodNotReadyWhileItRunsAndReadyOnceItHasEnded() throws Exception {
        newRiff(newUser(), "app", "r");
        Management.given().get("/q/health/ready").then().statusCode(200); // off in tests: ready at once

        CompletableFuture<WarmUpProgress> running = CompletableFuture.supplyAsync(() -> warmUp.run(Duration.ofSeconds(3)));
        await().atMost(Duration.ofSeconds(3)).until(() -> warmUp.progress().rounds() > 0);
        Management.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("DOWN"));
        Management.given().get("/q/health/live").then().statusCode(200);

        running.get(30, TimeUnit.SECONDS);
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'warm-up' }.data.runtime_look_ups", greaterThan(0));
    }

    @Test
    void stopsLookingUpAtTheFirstRuntimeApiFailureAndGoesOnReading() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        simulator.failNext(1_000, 500);
        int lookUpsBefore = simulator.requestCount("GET", "/runtime/" + runtimeId);

        WarmUpProgress progress = warmUp.run(Duration.ofMillis(300));

        assertThat(progress.stoppedLookUps()).isNotNull();
        assertThat(progress.lookUps()).isZero();
        assertThat(progress.rounds()).isPositive();
        // The threads shared the failed look-up, or stopped before making one of their own; the riff reads make none.
        assertThat(simulator.requestCount("GET", "/runtime/" + runtimeId) - lookUpsBefore).isBetween(1, THREADS);
    }

    @Test
    void endsOnceTheCompilerHasCaughtUpButNotBeforeItsShortestTime() {
        newRiff(newUser(), "app", "r");
        QuarkusMock.installMockForType(compilerReporting(elapsed -> OptionalLong.of(1_000)), CompilerActivity.class);

        WarmUpProgress progress = warmUp.run(Duration.ofSeconds(60));

        assertThat(progress.endedBy()).isEqualTo("the compiler caught up");
        assertThat(progress.elapsedMillis()).isBetween(HotPathWarmUp.SHORTEST.toMillis(), 30_000L);
    }

    @Test
    void runsItsLongestDurationWhileTheCompilerIsBusy() {
        newRiff(newUser(), "app", "r");
        QuarkusMock.installMockForType(compilerReporting(elapsed -> OptionalLong.of(elapsed)), CompilerActivity.class);

        WarmUpProgress progress = warmUp.run(Duration.ofSeconds(3));

        assertThat(progress.endedBy()).isEqualTo("its longest duration passed");
        assertThat(progress.elapsedMillis()).isGreaterThanOrEqualTo(3_000L);
    }

    @Test
    void runsItsShortestTimeWhereTheJvmKeepsNoCompileTime() {
        newRiff(newUser(), "app", "r");
        QuarkusMock.installMockForType(compilerReporting(elapsed -> OptionalLong.empty()), CompilerActivity.class);

        WarmUpProgress progress = warmUp.run(Duration.ofSeconds(60));

        assertThat(progress.endedBy()).isEqualTo("no JIT compiler to wait for");
        assertThat(progress.elapsedMillis()).isBetween(HotPathWarmUp.SHORTEST.toMillis(), 30_000L);
    }

    /** A compiler whose accumulated compile time is the given function of the milliseconds since it was made. */
    private static CompilerActivity compilerReporting(LongFunction<OptionalLong> compileMillisAfter) {
        long madeAt = System.nanoTime();
        return new CompilerActivity() {
            @Override
            public OptionalLong compileMillis() {
                return compileMillisAfter.apply(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - madeAt));
            }
        };
    }

    /** Sets the riff's last activity an hour back, and answers it. */
    private Instant anHourAgo(String user) {
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> riffs.update("lastActivityAt = ?1 where id = ?2", anHourAgo, stored(user).id));
        return anHourAgo;
    }

    private Riff stored(String user) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.<Riff>find("userId = ?1 and slug = ?2", user, "r").firstResult());
    }
}

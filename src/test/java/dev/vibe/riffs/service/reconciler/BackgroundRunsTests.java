package dev.vibe.riffs.service.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A stop of the application (a live reload, a pod's stop) waits for the background run under way, no run starts once
 * it began, and what a run meets after it ends the run quietly: no run goes on with the beans of a stopped application,
 * and none logs its failures as errors of the trigger (a fast test, without Quarkus).
 */
class BackgroundRunsTests {

    /** Whether a run starts now; false once the stop began. */
    private static boolean startsARun(BackgroundRuns runs) {
        AtomicBoolean ran = new AtomicBoolean();
        runs.run(() -> ran.set(true));
        return ran.get();
    }

    /** Runs the job as the scheduler does, on a thread of its own; done when the run is. */
    private static CompletableFuture<Void> scheduled(BackgroundRuns runs, Runnable job) {
        return CompletableFuture.runAsync(() -> runs.run(job));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theStopWaitsForTheRunUnderWayAndNoRunStartsAfter() throws Exception {
        BackgroundRuns runs = new BackgroundRuns(Duration.ofSeconds(30));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicBoolean runDone = new AtomicBoolean();
        scheduled(runs, () -> {
            running.countDown();
            awaitLatch(answered); // a runtime-api call under way
            runDone.set(true);
        });
        awaitLatch(running);

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> {
            runs.stop(null);
            return runDone.get();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !startsARun(runs));
        assertThat(stop).as("the stop waits for the run under way").isNotDone();

        answered.countDown();
        assertThat(stop.get(10, TimeUnit.SECONDS)).as("the run was done when the stop ended").isTrue();
        assertThat(startsARun(runs)).isFalse();
    }

    @Test
    void theStopWaitsNoLongerThanItsBoundAndTheRunThenEndsQuietly() throws Exception {
        BackgroundRuns runs = new BackgroundRuns(Duration.ofMillis(200));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        CompletableFuture<Void> run = scheduled(runs, () -> {
            running.countDown();
            awaitLatch(answered);
            throw new IllegalStateException("ArC container not initialized"); // what a run meets after the stop
        });
        awaitLatch(running);

        CompletableFuture.runAsync(() -> runs.stop(null)).get(10, TimeUnit.SECONDS);
        answered.countDown();
        assertThat(run.get(10, TimeUnit.SECONDS)).as("nothing thrown to the scheduler").isNull();
    }

    @Test
    void aRunFailsAsUsualWhileTheApplicationRuns() {
        BackgroundRuns runs = new BackgroundRuns(Duration.ofSeconds(30));
        CompletableFuture<Void> run = scheduled(runs, () -> {
            throw new IllegalStateException("a failure of the run itself");
        });
        await().atMost(Duration.ofSeconds(10)).until(run::isDone);
        assertThat(run).isCompletedExceptionally();
    }
}

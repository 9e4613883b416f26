package dev.vibe.riffs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A stop of the application (a live reload, a pod's stop) waits for the background run in progress, and no run starts
 * once it began: no run goes on with the beans of a stopped application (a fast test, without Quarkus).
 */
class BackgroundRunsTests {

    /** Whether a run starts now; false once the stop began. */
    private static boolean startsARun(BackgroundRuns runs) {
        AtomicBoolean ran = new AtomicBoolean();
        runs.run(() -> ran.set(true));
        return ran.get();
    }

    @Test
    void theStopWaitsForTheRunInProgressAndNoRunStartsAfter() throws Exception {
        BackgroundRuns runs = new BackgroundRuns(Duration.ofSeconds(30));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean runDone = new AtomicBoolean();
        Thread run = new Thread(() -> runs.run(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runDone.set(true);
        }));
        run.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> {
            runs.stop(null);
            return runDone.get();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !startsARun(runs));
        assertThat(stop).as("the stop waits for the run in progress").isNotDone();

        release.countDown();
        assertThat(stop.get(10, TimeUnit.SECONDS)).as("the run was done when the stop ended").isTrue();
        assertThat(startsARun(runs)).isFalse();
    }

    @Test
    void theStopWaitsNoLongerThanItsBound() throws Exception {
        BackgroundRuns runs = new BackgroundRuns(Duration.ofMillis(200));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread run = new Thread(() -> runs.run(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        run.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            CompletableFuture.runAsync(() -> runs.stop(null)).get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }
}

package dev.vibe.riffs.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.config.WarmUpConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.riffs.ResourceNotFoundException;
import dev.vibe.riffs.service.riffs.RuntimeNotFoundException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the hot paths of the riff requests for {@code vibe.warm-up.duration} after start-up, before the pod reports
 * ready ({@code WarmUpHealthCheck}): a cold JVM serves status look-ups at an eighth of its warm speed for its first
 * seconds and needs about half a minute under load to compile them, on the cores that serve the load. Rounds go over
 * the newest riffs that have a runtime, all threads on one riff at a time, so that their look-ups share one runtime-api
 * call in flight. The first look-up that fails (other than a runtime the runtime-api no longer knows) ends the
 * look-ups, so that a troubled runtime-api is not pressed by a starting pod nor its circuit breaker opened; a failure
 * of anything else ends the warm-up. With no riff to read it ends at once.
 */
@ApplicationScoped
public class HotPathWarmUp {

    /** How long the threads stay on one riff before moving to the next. */
    private static final long NANOS_PER_RIFF = TimeUnit.MILLISECONDS.toNanos(250);
    /** How long the end of the warm-up waits for a round in progress, beyond its duration. */
    private static final Duration ROUND_GRACE = Duration.ofSeconds(30);

    private final WarmUpRound round;
    private final WarmUpConfig config;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong lookUps = new AtomicLong();
    private final AtomicReference<String> stoppedLookUps = new AtomicReference<>();
    private volatile boolean done;
    private volatile boolean stopping;
    private volatile long startedAt;
    private volatile long endedAt;

    public HotPathWarmUp(WarmUpRound round, WarmUpConfig config) {
        this.round = round;
        this.config = config;
        this.done = config.duration().isZero();
    }

    void onStart(@Observes StartupEvent event) {
        if (done) {
            return;
        }
        Thread thread = new Thread(() -> run(config.duration()), "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public WarmUpProgress progress() {
        long end = done ? endedAt : System.nanoTime();
        long elapsed = startedAt == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(end - startedAt);
        return new WarmUpProgress(done, rounds.get(), lookUps.get(), elapsed, stoppedLookUps.get());
    }

    /** Runs the warm-up for the duration in the calling thread (and its own), then reports it done. */
    public WarmUpProgress run(Duration duration) {
        done = false;
        rounds.set(0);
        lookUps.set(0);
        stoppedLookUps.set(null);
        startedAt = System.nanoTime();
        try {
            List<WarmUpTarget> targets = round.targets(config.riffs());
            if (!targets.isEmpty()) {
                runRounds(targets, startedAt + duration.toNanos());
            }
        } catch (RuntimeException e) {
            if (!stopping) { // a shutdown closes what the rounds use: no news
                Log.warnf("Warm-up ended early: %s", e.toString());
            }
        } finally {
            endedAt = System.nanoTime();
            done = true;
        }
        WarmUpProgress progress = progress();
        Log.infof("Warm-up done in %d ms: %d riff reads, %d runtime look-ups%s", progress.elapsedMillis(), progress.rounds(),
                progress.lookUps(), progress.stoppedLookUps() == null ? "" : " (look-ups stopped: " + progress.stoppedLookUps() + ")");
        return progress;
    }

    private void runRounds(List<WarmUpTarget> targets, long endsAt) {
        ExecutorService threads = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "warm-up-round");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int i = 0; i < config.threads(); i++) {
            threads.execute(() -> roundsUntil(targets, endsAt, failure));
        }
        threads.shutdown();
        try {
            long left = Math.max(0, endsAt - System.nanoTime()) + ROUND_GRACE.toNanos();
            if (!threads.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                stopping = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void roundsUntil(List<WarmUpTarget> targets, long endsAt, AtomicReference<RuntimeException> failure) {
        while (!stopping && failure.get() == null && System.nanoTime() < endsAt) {
            WarmUpTarget target = targets.get((int) ((System.nanoTime() - startedAt) / NANOS_PER_RIFF % targets.size()));
            boolean lookUp = stoppedLookUps.get() == null;
            try {
                round.run(target, lookUp);
            } catch (ResourceNotFoundException | RuntimeNotFoundException e) {
                // deleted since it was picked, or its runtime is gone: a round all the same
            } catch (RuntimeApiException e) {
                stoppedLookUps.compareAndSet(null, e.getClass().getSimpleName());
                continue;
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
            rounds.incrementAndGet();
            if (lookUp) {
                lookUps.incrementAndGet();
            }
        }
    }
}

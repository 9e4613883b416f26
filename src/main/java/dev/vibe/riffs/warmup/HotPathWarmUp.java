package dev.vibe.riffs.warmup;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.config.WarmUpConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends the process's hottest requests to itself after start-up, before the pod reports ready
 * ({@code WarmUpHealthCheck}), until the JIT compiler has caught up with them ({@link CompilerQuiet}), at least
 * {@link #SHORTEST} and at most {@code vibe.warm-up.duration}: a cold JVM serves status look-ups at a tenth of its warm
 * speed and, on cores shared with the load, takes half a minute or more to compile them. Only real requests through
 * the HTTP server warm it: the same work called in process left it as slow after ready as no warm-up
 * (bench/README.md). Where the JVM keeps no compile time (a native executable has no JIT), it runs the shortest time.
 * <p>
 * Rounds ask for the runtime status of the newest riffs that have a runtime ({@link WarmUpRequests}), all threads on
 * one riff at a time, so that their look-ups share one runtime-api call in flight. The requests record no activity on
 * the riffs ({@code WarmUpPass}). An answer that is the runtime-api's failure ({@code 5xx}) ends the look-ups, so that a
 * troubled runtime-api is not pressed by a starting pod nor its circuit breaker opened: the rounds then read the riffs
 * only. A refusal ({@code 4xx} other than {@code 404} and {@code 429}) or a request that fails ends the warm-up. With no
 * riff to ask about it ends at once.
 */
@ApplicationScoped
public class HotPathWarmUp {

    /** How long the threads stay on one riff before moving to the next. */
    private static final long NANOS_PER_RIFF = TimeUnit.MILLISECONDS.toNanos(250);
    /** How long the warm-up waits for the HTTP server to listen, and for the rounds in progress at its end. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    /** The warm-up runs at least this long: the compiler has hardly begun before. */
    static final Duration SHORTEST = Duration.ofSeconds(5);
    /** How often the compile time is sampled ({@link CompilerQuiet}). */
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private final WarmUpTargets targets;
    private final WarmUpRequests requests;
    private final WarmUpConfig config;
    private final CompilerActivity compiler;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong lookUps = new AtomicLong();
    private final AtomicReference<String> stoppedLookUps = new AtomicReference<>();
    private volatile boolean done;
    private volatile boolean caughtUp;
    private volatile String endedBy;
    private volatile boolean stopping;
    private volatile long startedAt;
    private volatile long endedAt;

    public HotPathWarmUp(WarmUpTargets targets, WarmUpRequests requests, WarmUpConfig config, CompilerActivity compiler) {
        this.compiler = compiler;
        this.targets = targets;
        this.requests = requests;
        this.config = config;
        this.done = config.duration().isZero();
        this.endedBy = done ? "off" : null;
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
        return new WarmUpProgress(done, rounds.get(), lookUps.get(), elapsed, stoppedLookUps.get(), done ? endedBy : null);
    }

    /**
     * Runs the warm-up (its threads' work, this thread watching the compiler) until the JIT has caught up with it, but
     * no shorter than {@link #SHORTEST} and no longer than the duration, then reports it done.
     */
    public WarmUpProgress run(Duration duration) {
        done = false;
        caughtUp = false;
        endedBy = "no riff with a runtime";
        rounds.set(0);
        lookUps.set(0);
        stoppedLookUps.set(null);
        startedAt = System.nanoTime();
        long compiledBefore = compiler.compileMillis().orElse(0);
        try {
            List<WarmUpTarget> riffs = targets.newest(config.riffs());
            if (!riffs.isEmpty()) {
                endedBy = "the HTTP server did not listen";
                if (requests.awaitServer(GRACE)) {
                    endedEarly(runRounds(riffs, duration));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endedBy = "interrupted";
        } catch (RuntimeException e) {
            endedEarly(e);
        } finally {
            endedAt = System.nanoTime();
            done = true;
        }
        WarmUpProgress progress = progress();
        Log.infof("Warm-up done in %d ms (%s): %d requests, %d of them runtime look-ups%s; %d ms of JIT compilation meanwhile",
                progress.elapsedMillis(), progress.endedBy(), progress.rounds(), progress.lookUps(),
                progress.stoppedLookUps() == null ? "" : " (look-ups stopped: " + progress.stoppedLookUps() + ")",
                compiler.compileMillis().orElse(compiledBefore) - compiledBefore);
        return progress;
    }

    private void endedEarly(Exception failure) {
        if (failure == null) {
            return;
        }
        endedBy = "ended early";
        if (!stopping) { // a shutdown closes what the rounds use: no news
            Log.warnf("Warm-up ended early: %s", failure.toString());
        }
    }

    /**
     * Runs the rounds on their threads until the compiler has caught up or the duration has passed, and answers what
     * ended them early, if anything did.
     */
    private Exception runRounds(List<WarmUpTarget> riffs, Duration duration) throws InterruptedException {
        long endsAt = startedAt + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "warm-up-round");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < config.threads(); i++) {
            threads.execute(() -> roundsUntil(riffs, endsAt, failure));
        }
        threads.shutdown();
        endedBy = "its longest duration passed";
        watchCompiler(threads, startedAt + Math.min(SHORTEST.toNanos(), duration.toNanos()), endsAt + GRACE.toNanos());
        return failure.get();
    }

    /**
     * Samples the compile time until the rounds have ended, and ends them once the compiler is quiet after the shortest
     * warm-up; rounds still in progress past the last moment are left behind.
     */
    private void watchCompiler(ExecutorService threads, long shortestEnd, long lastMoment) throws InterruptedException {
        CompilerQuiet quiet = new CompilerQuiet();
        while (!threads.awaitTermination(SAMPLE_EVERY.toNanos(), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            OptionalLong compiled = compiler.compileMillis();
            boolean quietNow = compiled.isEmpty() || quiet.quietAfter(now, compiled.getAsLong());
            if (!caughtUp && now >= shortestEnd && quietNow) {
                endedBy = compiled.isEmpty() ? "no JIT compiler to wait for" : "the compiler caught up";
                caughtUp = true;
            }
            if (now > lastMoment) {
                stopping = true;
                return;
            }
        }
    }

    private void roundsUntil(List<WarmUpTarget> riffs, long endsAt, AtomicReference<Exception> failure) {
        while (!stopping && !caughtUp && failure.get() == null && System.nanoTime() < endsAt) {
            WarmUpTarget target = riffs.get((int) ((System.nanoTime() - startedAt) / NANOS_PER_RIFF % riffs.size()));
            boolean lookUp = stoppedLookUps.get() == null;
            int status;
            try {
                status = lookUp ? requests.runtimeStatus(target) : requests.riff(target);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
            if (status >= 500 && lookUp) {
                stoppedLookUps.compareAndSet(null, "a runtime status was answered " + status);
                continue;
            }
            if (status >= 400 && status != 404 && status != 429) { // a refusal, or a riff read that failed (the database)
                failure.compareAndSet(null, new IllegalStateException("a warm-up request was answered " + status));
                return;
            }
            rounds.incrementAndGet();
            if (lookUp) {
                lookUps.incrementAndGet();
            }
        }
    }
}

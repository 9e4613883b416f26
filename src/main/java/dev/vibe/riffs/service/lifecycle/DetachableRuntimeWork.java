package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

/**
 * Runs the runtime work of a create, reset, pause or resume (look-ups, {@code /start}, {@code /resume}, {@code /pause},
 * recording the outcome) on a bounded pool of its own, so that the request waits for it at most
 * {@code runtime-api.client-wait}, then answers, while the work goes on under the riff's claim and records its outcome
 * itself. The pool's threads are plain worker threads, never the event loop; they carry the request's trace and a
 * request context of their own. The pool holds as many threads as this replica may have runtime-api calls in flight
 * and waiting ({@link RuntimeApiConfig.Concurrency}), created when needed; work beyond that is refused
 * ({@link RuntimeApiOverloadedException}) rather than queued without bound.
 */
@ApplicationScoped
public class DetachableRuntimeWork {

    private final ThreadPoolExecutor pool;
    private final Duration clientWait;
    private final CurrentUser currentUser;
    private final ThrottledWarning failures = new ThrottledWarning("Runtime work failed after its request stopped waiting",
            Duration.ofSeconds(10));

    DetachableRuntimeWork(RuntimeApiConfig config, CurrentUser currentUser) {
        this.currentUser = currentUser;
        this.clientWait = config.clientWait();
        AtomicInteger threads = new AtomicInteger();
        int size = config.concurrency().maxInFlight() + config.concurrency().queueSize();
        this.pool = new ThreadPoolExecutor(0, size, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "runtime-work-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow(); // as a replica that dies: claims of unfinished work expire, the reconciler takes over
    }

    /**
     * Runs the work and waits for it at most {@code client-wait}.
     *
     * @return the work's result when it ended in time; empty when it goes on in the background
     * @throws RuntimeApiOverloadedException when the pool is full (the work was not started)
     * @throws RuntimeException what the work threw, when it ended in time
     */
    public <T> Optional<T> awaitAtMostClientWait(Supplier<T> work) {
        CompletableFuture<T> running;
        try {
            running = CompletableFuture.supplyAsync(inContext(work), pool);
        } catch (RejectedExecutionException e) {
            throw new RuntimeApiOverloadedException("Too many runtime-api calls in progress; try again shortly");
        }
        try {
            return Optional.of(running.get(clientWait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            running.whenComplete((result, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause != null) {
                    failures.record(cause.getClass().getSimpleName() + ": " + cause.getMessage());
                }
            });
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The work with the caller's trace, in a request context of its own (the caller's ends with its request) that has
     * the caller's user, so that its runtime-api calls count against that user's share.
     */
    private <T> Supplier<T> inContext(Supplier<T> work) {
        Context trace = Context.current();
        Optional<String> user = Arc.container().requestContext().isActive() ? currentUser.known() : Optional.empty();
        return () -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try (Scope scope = trace.makeCurrent()) {
                currentUser.continueFor(user);
                return work.get();
            } finally {
                requestContext.terminate();
            }
        };
    }
}

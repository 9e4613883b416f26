package dev.vibe.riffs.service.reconciler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;

/**
 * The threads of one reconciler job's runtime-api calls: at most {@code size} calls of the job are in flight at once,
 * whatever the other jobs do, so that each job has its share and none starves another. The threads are the job's
 * own (never the HTTP worker threads), daemons, and end when idle for a minute. Calls keep the caller's trace context.
 */
public final class CallPool {

    private final ThreadPoolExecutor threads;
    private final Executor traced;

    public CallPool(String name, int size) {
        this.threads = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        this.threads.allowCoreThreadTimeOut(true);
        this.traced = Context.taskWrapping(threads);
    }

    /** Runs the call on one of the pool's threads, with the caller's trace context. */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, traced);
    }

    /**
     * Makes one call per item, up to the pool's size at once, and answers their results in the items' order. Each
     * call is expected to turn the runtime-api's failures into a result of its own; anything else it throws is thrown
     * here once every call has ended.
     */
    public <T, R> List<R> map(List<T> items, Function<T, R> call) {
        List<CompletableFuture<R>> pending = new ArrayList<>(items.size());
        for (T item : items) {
            pending.add(submit(() -> call.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (CompletableFuture<R> one : pending) {
            try {
                results.add(await(one));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                results.add(null);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** The call's result, or what it threw. */
    static <R> R await(CompletableFuture<R> call) {
        try {
            return call.get();
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
            throw new IllegalStateException("Interrupted while waiting for a runtime-api call", e);
        }
    }

    public void shutdown() {
        threads.shutdownNow();
    }
}

package dev.vibe.riffs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Real bursts: many threads released at the same moment. */
public final class Bursts {

    private Bursts() {
    }

    /** Runs {@code count} calls at the same moment and answers what each returned, in order. */
    public static <T> List<T> together(int count, Callable<T> call) throws Exception {
        return together(count, i -> call);
    }

    /** Runs the i-th call of {@code count} at the same moment as the others and answers what each returned, in order. */
    public static <T> List<T> together(int count, IntFunction<Callable<T>> calls) throws Exception {
        List<Future<T>> futures = start(count, calls);
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /** Starts {@code count} calls at the same moment and answers their futures without waiting for them. */
    public static <T> List<Future<T>> start(int count, IntFunction<Callable<T>> calls) {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<T> call = calls.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        go.countDown();
        pool.shutdown();
        return futures;
    }
}

package dev.vibe.riffs.warmup;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides from samples of the accumulated compile time ({@link CompilerActivity}), taken about once a second, when
 * the JIT has caught up with the warm-up: less than {@link #QUIET_SHARE} of the last {@link #WINDOW_SAMPLES} seconds
 * went to compiling. Measured on two cores shared with PostgreSQL and the fake runtime-api: compiling takes a core or
 * more for the first 12 s of a warm-up, half of one at 15-20 s, and under a fifth by 26-28 s, when a pod made ready
 * then reaches 80 % of its warm throughput within 7 s (a fixed 10 s warm-up: 25 s).
 */
final class CompilerQuiet {

    static final int WINDOW_SAMPLES = 3;
    static final double QUIET_SHARE = 0.2;

    private final Deque<long[]> samples = new ArrayDeque<>();

    /** Adds a sample (the time it was taken and the accumulated compile time then), and answers whether it is quiet. */
    boolean quietAfter(long nanos, long compileMillis) {
        samples.addLast(new long[] {nanos, compileMillis});
        if (samples.size() <= WINDOW_SAMPLES) {
            return false;
        }
        long[] first = samples.removeFirst();
        double windowMillis = (nanos - first[0]) / 1e6;
        return compileMillis - first[1] < QUIET_SHARE * windowMillis;
    }
}

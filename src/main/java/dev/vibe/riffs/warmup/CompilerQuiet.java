package dev.vibe.riffs.warmup;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides from samples of the accumulated compile time ({@link CompilerActivity}), taken about once a second, when
 * the JIT has caught up with the warm-up: less than {@link #QUIET_SHARE} of the last {@link #WINDOW_SAMPLES} seconds
 * went to compiling. Measured on two cores shared with the load: compilation takes most of a core for the first
 * 15-20 s of a warm-up and falls under a tenth of one within 25-30 s; the throughput after ready follows it.
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

package dev.vibe.riffs.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.quarkus.logging.Log;

/**
 * A warning that can happen on every request under load: logged at most once per interval, as one line with how
 * many times it happened since the previous line, so that an overload never turns into a flood of log lines.
 * Thread-safe and allocation-free on the path that does not log.
 */
public final class ThrottledWarning {

    private final String what;
    private final long intervalNanos;
    private final LongAdder occurrences = new LongAdder();
    private final AtomicLong nextLineAt;

    public ThrottledWarning(String what, Duration interval) {
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nextLineAt = new AtomicLong(System.nanoTime());
    }

    /** Counts one occurrence; logs a line when the interval since the previous line has passed. */
    public void record(String latest) {
        occurrences.increment();
        long now = System.nanoTime();
        long due = nextLineAt.get();
        if (now - due >= 0 && nextLineAt.compareAndSet(due, now + intervalNanos)) {
            Log.warnf("%s: %d time(s) since the previous report (at most one line per %d s); latest: %s", what,
                    occurrences.sumThenReset(), Duration.ofNanos(intervalNanos).toSeconds(), latest);
        }
    }
}

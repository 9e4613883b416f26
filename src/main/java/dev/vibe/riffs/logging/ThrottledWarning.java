package dev.vibe.riffs.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.logging.Log;

/**
 * A WARN line for something that can happen on every request under load, at most once per interval: an occurrence
 * is logged at once when the last line is older than the interval, and counted otherwise; the count goes into the
 * next line, which {@link #flush()} (called periodically, or by the next occurrence) writes. An overload thus never
 * turns into a flood of log lines. Thread-safe; recording allocates nothing.
 */
public final class ThrottledWarning {

    private final String subject;
    private final long intervalNanos;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastLineAt;
    private volatile String latest;

    /** @param subject what happened, the start of every line */
    public ThrottledWarning(String subject, Duration interval) {
        this.subject = subject;
        this.intervalNanos = interval.toNanos();
        this.lastLineAt = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Counts one occurrence; {@code latest} (never a secret) describes it in the next line. */
    public void record(String latest) {
        this.latest = latest;
        pending.incrementAndGet();
        flush();
    }

    /** Writes the line of the occurrences counted so far, if there are any and the interval has passed. */
    public void flush() {
        long last = lastLineAt.get();
        long now = System.nanoTime();
        if (now - last < intervalNanos || pending.get() == 0 || !lastLineAt.compareAndSet(last, now)) {
            return;
        }
        long count = pending.getAndSet(0);
        Log.warnf("%s: %d time(s) since the previous report; latest: %s", subject, count, latest);
    }
}

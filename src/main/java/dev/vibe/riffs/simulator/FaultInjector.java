package dev.vibe.riffs.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * The faults tests ask the simulated runtime-api for: being down, being slow, a queue of one-request faults taken in
 * the order they were asked for, and odd answers, counted by kind. Thread-safe.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class FaultInjector {

    private final Deque<InjectedFault> next = new ArrayDeque<>();
    private final Map<String, Integer> refusedStarts = new ConcurrentHashMap<>();
    private final Map<OddAnswer, Integer> oddAnswers = new EnumMap<>(OddAnswer.class);
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration startDelay = Duration.ZERO;
    private volatile Duration pauseDelay = Duration.ZERO;

    void goDown() {
        down = true;
    }

    void comeBack() {
        down = false;
    }

    boolean isDown() {
        return down;
    }

    void slowDown(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Delay must not be negative");
        }
        this.delay = delay;
    }

    Duration delay() {
        return delay;
    }

    void slowDownStarts(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Delay must not be negative");
        }
        this.startDelay = delay;
    }

    /**
     * Extra delay of {@code POST /start} and {@code POST /resume} answers, on top of {@link #delay()}: the runtime is
     * made or resumed at once, the answer comes this much later (a caller that gives up meanwhile leaves the change
     * made, as with the real API).
     */
    Duration startDelay() {
        return startDelay;
    }

    void slowDownPauses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Delay must not be negative");
        }
        this.pauseDelay = delay;
    }

    /** Extra delay of {@code POST /pause} answers, on top of {@link #delay()}. */
    Duration pauseDelay() {
        return pauseDelay;
    }

    void queue(int count, InjectedFault fault) {
        if (count < 0) {
            throw new IllegalArgumentException("Count must not be negative");
        }
        synchronized (next) {
            for (int i = 0; i < count; i++) {
                next.addLast(fault);
            }
        }
    }

    /** The fault the current request must get, if any; each queued fault is used once. */
    Optional<InjectedFault> takeNext() {
        synchronized (next) {
            return Optional.ofNullable(next.pollFirst());
        }
    }

    /** How many one-request faults are still queued. */
    int queued() {
        synchronized (next) {
            return next.size();
        }
    }

    void answerOddly(OddAnswer kind, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("Count must not be negative");
        }
        synchronized (oddAnswers) {
            oddAnswers.merge(kind, count, Integer::sum);
        }
    }

    /** Whether the answer at hand must be odd in this way; each queued odd answer is used once. */
    boolean takeOdd(OddAnswer kind) {
        synchronized (oddAnswers) {
            Integer left = oddAnswers.get(kind);
            if (left == null || left == 0) {
                return false;
            }
            if (left == 1) {
                oddAnswers.remove(kind);
            } else {
                oddAnswers.put(kind, left - 1);
            }
            return true;
        }
    }

    /** The odd answers still queued, by kind. */
    Map<String, Integer> oddAnswers() {
        synchronized (oddAnswers) {
            Map<String, Integer> queued = new TreeMap<>();
            oddAnswers.forEach((kind, count) -> queued.put(kind.wireName(), count));
            return queued;
        }
    }

    /** How many sessions have their starts refused. */
    int refusedSessions() {
        return refusedStarts.size();
    }

    void refuseStartsOf(String sessionId, int status) {
        refusedStarts.put(sessionId, status);
    }

    void allowStartsOf(String sessionId) {
        refusedStarts.remove(sessionId);
    }

    /** The status {@code POST /start} answers for this session, if its starts are refused. */
    Optional<Integer> refusedStartOf(String sessionId) {
        return Optional.ofNullable(refusedStarts.get(sessionId));
    }

    void clear() {
        refusedStarts.clear();
        synchronized (next) {
            next.clear();
        }
        synchronized (oddAnswers) {
            oddAnswers.clear();
        }
        down = false;
        delay = Duration.ZERO;
        startDelay = Duration.ZERO;
        pauseDelay = Duration.ZERO;
    }
}

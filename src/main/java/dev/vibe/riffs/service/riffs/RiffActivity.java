package dev.vibe.riffs.service.riffs;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.service.Clock;
import io.quarkus.arc.Arc;

/**
 * Records requests concerning a riff ({@code last_activity_at}), cheaply: at most one write per riff per
 * {@link #COARSENESS} and a spread of its own ({@link #coarsenessOf}), and no database round trip at all while the
 * riff as loaded shows a fresher one. An explicit keep-alive is the exception: it is always written, so that its answer
 * is true.
 */
@ApplicationScoped
class RiffActivity {

    static final Duration COARSENESS = Duration.ofSeconds(5);
    private static final long SPREAD_MILLIS = COARSENESS.toMillis();

    private final RiffRepository riffs;
    private final CurrentUser currentUser;

    RiffActivity(RiffRepository riffs, CurrentUser currentUser) {
        this.riffs = riffs;
        this.currentUser = currentUser;
    }

    /** A warm-up request of this process's ({@code HotPathWarmUp}) is nobody's activity: it must not hold off a pause. */
    private boolean warmingUp() {
        return Arc.container().requestContext().isActive() && currentUser.warmingUp();
    }

    /**
     * Records activity on the riff now, unless it shows some from less than {@link #COARSENESS} ago; the riff object
     * shows it too.
     */
    void record(Riff riff) {
        Instant now = Clock.now();
        Duration coarseness = coarsenessOf(riff.id);
        if ((riff.lastActivityAt != null && riff.lastActivityAt.isAfter(now.minus(coarseness))) || warmingUp()) {
            return;
        }
        write(riff.id, now, coarseness);
        riff.lastActivityAt = now;
    }

    /**
     * How long after a recorded activity the next is written: 5 to 10 s, fixed per riff. With one period for all, the
     * riffs that became active together (every riff in use when a pod starts) kept writing together: a burst of
     * updates every 5 s, each a second of a quarter to two fifths less throughput (bench, 1,000 riffs).
     */
    static Duration coarsenessOf(long riffId) {
        return COARSENESS.plusMillis(Math.floorMod(riffId * 0x9E3779B97F4A7C15L, SPREAD_MILLIS));
    }

    /** Records activity on the riff now, however recent the last: what an explicit keep-alive asks for. */
    void recordNow(Riff riff) {
        Instant now = Clock.now();
        write(riff.id, now, Duration.ZERO);
        if (riff.lastActivityAt == null || riff.lastActivityAt.isBefore(now)) {
            riff.lastActivityAt = now;
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    void write(long riffId, Instant now, Duration coarseness) {
        riffs.recordActivity(riffId, now, coarseness);
    }
}

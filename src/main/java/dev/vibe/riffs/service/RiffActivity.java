package dev.vibe.riffs.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;

/**
 * Records requests concerning a riff ({@code last_activity_at}), cheaply: at most one write per riff per
 * {@link #COARSENESS}, and no database round trip at all while the riff as loaded shows a fresher one.
 */
@ApplicationScoped
class RiffActivity {

    static final Duration COARSENESS = Duration.ofSeconds(5);

    private final RiffRepository riffs;

    RiffActivity(RiffRepository riffs) {
        this.riffs = riffs;
    }

    /** Records activity on the riff now; the riff object shows it too. */
    void record(Riff riff) {
        Instant now = Clock.now();
        if (riff.lastActivityAt != null && riff.lastActivityAt.isAfter(now.minus(COARSENESS))) {
            return;
        }
        write(riff.id, now);
        riff.lastActivityAt = now;
    }

    @Transactional(TxType.REQUIRES_NEW)
    void write(long riffId, Instant now) {
        riffs.recordActivity(riffId, now, COARSENESS);
    }
}

package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.logging.ThrottledWarning;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

/**
 * Keeps claims on riffs alive while this replica works under them: every third of {@code runtime-api.claim.ttl}, one
 * statement makes every claim in use last another TTL. A {@code /start} or {@code /resume} may thus take longer than
 * the TTL (and go on after its request stopped waiting) without another claimant taking the riff and starting a second
 * runtime, while the claim of a replica that dies stops being renewed and expires within a TTL. A renewal that fails
 * (the database is down) is logged, once per interval; the claim then expires as a dead replica's would, and the
 * recorder deals with a claim lost meanwhile.
 */
@ApplicationScoped
public class ClaimRenewals {

    /** Claims in use, each with how many pieces of work use it (the catch-up shares one token across a batch). */
    private final Map<RiffClaim, Integer> inUse = new ConcurrentHashMap<>();
    private final RiffClaimRepository riffs;
    private final RiffClaims claims;
    private final ThrottledWarning failures = new ThrottledWarning("Claims on riffs could not be renewed", Duration.ofSeconds(10));

    ClaimRenewals(RiffClaimRepository riffs, RiffClaims claims) {
        this.riffs = riffs;
        this.claims = claims;
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler) {
        if (!scheduler.isStarted()) {
            return; // the import command runs without scheduled jobs, and takes no claim
        }
        scheduler.newJob("riff-claim-renewals")
                .setInterval(claims.ttl().dividedBy(3).toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> renewNow())
                .schedule();
    }

    /** Runs the work with the claim kept alive; the claim's release stays the work's business. */
    public <T> T during(RiffClaim claim, Supplier<T> work) {
        return during(List.of(claim), work);
    }

    public <T> T during(Collection<RiffClaim> held, Supplier<T> work) {
        Runnable release = hold(held);
        try {
            return work.get();
        } finally {
            release.run();
        }
    }

    /**
     * Keeps the claims alive until the returned action runs (work that outlives one method: the catch-up's batches in
     * flight); the claims' release stays the work's business.
     */
    public Runnable hold(Collection<RiffClaim> held) {
        List<RiffClaim> claimsHeld = List.copyOf(held);
        claimsHeld.forEach(claim -> inUse.merge(claim, 1, Integer::sum));
        return () -> claimsHeld.forEach(claim -> inUse.computeIfPresent(claim, (key, uses) -> uses == 1 ? null : uses - 1));
    }

    /** Renews every claim in use now; nothing to do, no statement. */
    void renewNow() {
        List<RiffClaim> held = List.copyOf(inUse.keySet());
        if (held.isEmpty()) {
            return;
        }
        try {
            renew(held);
        } catch (RuntimeException e) {
            failures.record(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    void renew(List<RiffClaim> held) {
        riffs.renewClaims(held.stream().map(RiffClaim::riffId).distinct().toList(),
                held.stream().map(RiffClaim::token).distinct().toList(), claims.ttl());
    }
}

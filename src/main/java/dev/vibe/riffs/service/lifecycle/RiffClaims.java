package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.service.riffs.ResourceNotFoundException;

/**
 * Claims on riffs for runtime work. Whoever changes a riff's runtime (a create, reset, pause or resume, or the
 * reconciler) first claims the riff in a short transaction, then talks to the runtime-api with no transaction, row
 * lock or connection held, and finally records what it did and gives the claim up in another short transaction
 * ({@link RuntimeRecorder}). A claim expires after {@code runtime-api.claim.ttl} unless renewed while its work goes on
 * ({@link ClaimRenewals}), so a replica that dies mid-call blocks its riff no longer than that. One claim at a time per
 * riff, on any replica: one runtime per riff.
 */
@ApplicationScoped
public class RiffClaims {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    private final RiffClaimRepository riffs;
    private final RuntimeApiConfig config;

    RiffClaims(RiffClaimRepository riffs, RuntimeApiConfig config) {
        this.riffs = riffs;
        this.config = config;
    }

    public Duration ttl() {
        return config.claim().ttl();
    }

    /**
     * Claims the riff if nobody else holds a live claim on it.
     *
     * @param onlyWithoutRuntime claim it only while it has no runtime (provisioning)
     * @return the riff as it is once claimed; empty when it is gone or busy
     */
    @Transactional(TxType.REQUIRES_NEW)
    Optional<Claimed> tryClaim(long riffId, boolean onlyWithoutRuntime) {
        String token = RiffClaim.newToken();
        if (!riffs.claim(riffId, token, ttl(), onlyWithoutRuntime)) {
            return Optional.empty();
        }
        return riffs.findByIdOptional(riffId).map(riff -> new Claimed(new RiffClaim(riffId, token), riff));
    }

    /**
     * Claims the riff, waiting for another request's claim to end for at most {@code runtime-api.claim.wait-for}.
     *
     * @throws ResourceNotFoundException when the riff is gone
     * @throws RiffBusyException when the other claim outlasted the wait
     */
    public Claimed await(long riffId) {
        long deadline = System.nanoTime() + config.claim().waitFor().toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Optional<Claimed> claimed = tryClaim(riffId, false);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            if (!exists(riffId)) {
                throw ResourceNotFoundException.riff();
            }
            if (System.nanoTime() + pause.toNanos() - deadline > 0) {
                throw new RiffBusyException();
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void release(RiffClaim claim) {
        riffs.release(claim.riffId(), claim.token());
    }

    @Transactional(TxType.REQUIRES_NEW)
    boolean exists(long riffId) {
        return riffs.count("id", riffId) > 0;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RiffBusyException();
        }
    }

    /** A claim and the riff as it was when claimed (detached: read its fields, never its app). */
    public record Claimed(RiffClaim claim, Riff riff) {
    }
}

package dev.vibe.riffs.service.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffSlotRepository;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.policy.LifecycleCounters;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import dev.vibe.riffs.service.policy.RuntimeCapReachedException;
import io.quarkus.logging.Log;

/**
 * The per-user cap on runtimes that are starting or running ({@link LifecyclePolicy#maxRunningPerUser()}). Each slot
 * decision is one short transaction under the user's advisory lock: it counts the user's riffs that hold a slot and
 * reserves one by writing {@code starting} on the riff before any runtime-api call, so two requests (on any replicas)
 * never both take the last slot. The recorded outcome of the start or resume then replaces the reservation; a failure
 * gives it up. The cap counts the statuses the service last stored; a request that finds its user at the cap first
 * looks those runtimes up ({@link SlotHolderCheck}), so that it decides on what they are now.
 */
@ApplicationScoped
public class RuntimeSlots {

    private final RiffSlotRepository riffs;
    private final LifecyclePolicy policy;
    private final RiffClaims claims;
    private final LifecycleCounters counters;
    private final RuntimeEvents events;

    RuntimeSlots(RiffSlotRepository riffs, LifecyclePolicy policy, RiffClaims claims, LifecycleCounters counters, RuntimeEvents events) {
        this.events = events;
        this.riffs = riffs;
        this.policy = policy;
        this.claims = claims;
        this.counters = counters;
    }

    /**
     * For a riff without a runtime that is about to get one (a create, the catch-up): reserves a slot, or queues the
     * riff (its claim given up, no attempt counted) when its user's slots are all taken.
     *
     * @return the queued riff, or empty when the riff may start
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> admitOrQueue(RiffClaim claim, String userId, RuntimeStatus runtimeStatus, RuntimeActor actor) {
        if (!policy.capOn() || RuntimeStatus.holdsSlot(runtimeStatus)) {
            return Optional.empty();
        }
        riffs.lockSlotsOf(userId);
        long held = riffs.countSlotsHeld(userId, claim.riffId());
        Instant now = Clock.now();
        if (held < policy.maxRunningPerUser()) {
            riffs.reserveSlot(claim.riffId(), now);
            return Optional.empty();
        }
        riffs.queue(claim.riffId(), claim.token(), "Runtime cap reached: " + held + " of " + policy.maxRunningPerUser()
                + " runtimes of this user are starting or running; queued until one stops or pauses", now);
        Optional<Riff> queued = riffs.findByIdOptional(claim.riffId());
        if (runtimeStatus != RuntimeStatus.QUEUED) {
            counters.queued();
            Log.infof("Riff %d queued: its user holds %d of %d runtimes", claim.riffId(), held, policy.maxRunningPerUser());
            queued.ifPresent(riff -> events.record(riff, runtimeStatus, RuntimeStatus.QUEUED, RuntimeEventReason.QUEUED, actor, riff.runtimeError));
        }
        return queued;
    }

    /**
     * For a reset or resume of a claimed riff whose runtime does not hold a slot: reserves one. At the cap it first
     * takes the slot of the user's running runtime idle the longest, if idle for {@code cap-evict-min-idle} (idle
     * since the later of its riff's activity and its start; claimed and marked paused here, the caller pauses it);
     * without one it refuses.
     *
     * @throws RuntimeCapReachedException when no runtime is idle enough to give its slot up
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Reservation reserve(RiffClaim claim, String userId, RuntimeStatus runtimeStatus) {
        if (!policy.capOn() || RuntimeStatus.holdsSlot(runtimeStatus)) {
            return Reservation.NONE;
        }
        riffs.lockSlotsOf(userId);
        long held = riffs.countSlotsHeld(userId, claim.riffId());
        Instant now = Clock.now();
        int cap = policy.maxRunningPerUser();
        Duration minIdle = policy.capEvictMinIdle();
        List<Victim> victims = new ArrayList<>();
        for (long holding = held; holding >= cap; holding--) {
            Optional<Victim> victim = riffs.claimEvictionVictim(userId, now.minus(minIdle), RiffClaim.newToken(), claims.ttl(), now)
                    .map(riff -> {
                        events.record(riff, RuntimeStatus.RUNNING, riff.runtimeStatus, RuntimeEventReason.CAP_PAUSED, RuntimeActor.POLICY,
                                "paused to make room for another riff of its user");
                        return new Victim(new RiffClaim(riff.id, riff.runtimeClaim), riff.runtimeId);
                    });
            if (victim.isEmpty()) {
                counters.capRefused();
                throw refusal(userId, held, cap, minIdle, now);
            }
            victims.add(victim.get());
        }
        riffs.reserveSlot(claim.riffId(), now);
        return new Reservation(true, runtimeStatus, victims);
    }

    /**
     * The user's riffs (other than {@code riffId}) whose stored status holds a slot, when they fill the cap; empty when
     * there is no cap or a slot is free.
     */
    @Transactional(TxType.REQUIRES_NEW)
    List<Riff> holdersIfFull(String userId, long riffId) {
        if (!policy.capOn() || riffs.countSlotsHeld(userId, riffId) < policy.maxRunningPerUser()) {
            return List.of();
        }
        return riffs.listHoldingSlots(userId, riffId, Math.min(2 * policy.maxRunningPerUser(), 500));
    }

    /** Gives a reservation up after the work failed, unless an outcome was recorded meanwhile. */
    @Transactional(TxType.REQUIRES_NEW)
    public void unreserve(long riffId, RuntimeStatus previousStatus) {
        riffs.unreserveSlot(riffId, previousStatus, Clock.now());
    }

    private RuntimeCapReachedException refusal(String userId, long held, int cap, Duration minIdle, Instant now) {
        Instant oldest = riffs.oldestIdleSinceHoldingSlot(userId);
        Duration wait = oldest == null ? minIdle : Duration.between(now, oldest.plus(minIdle));
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        String message = "Runtime cap reached: " + held + " of " + cap + " runtimes of this user are starting or running "
                + "and were active in the last " + describe(minIdle);
        Log.infof("Reset or resume refused at the cap for a user: %d of %d runtimes held", held, cap);
        return new RuntimeCapReachedException(message, Duration.ofSeconds(seconds));
    }

    /** {@code 2 minutes}, {@code 1 minute}, {@code 90 seconds}. */
    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    /**
     * A slot reserved for a reset or resume.
     *
     * @param reserved whether a slot was reserved (false: no cap, or the riff held one already)
     * @param previousStatus the riff's status before, restored if the work fails
     * @param victims runtimes whose slots were taken: the caller pauses them
     */
    public record Reservation(boolean reserved, RuntimeStatus previousStatus, List<Victim> victims) {

        static final Reservation NONE = new Reservation(false, null, List.of());
    }

    /** A runtime claimed and marked paused to free its slot; it still has to be paused at the runtime-api. */
    public record Victim(RiffClaim claim, String runtimeId) {
    }
}

package dev.vibe.riffs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/**
 * The slots of the per-user cap on starting or running runtimes, as riff rows hold them: counts, reservations, the
 * queue and the eviction of the runtime idle the longest. Status conditions that define a partial index of the schema
 * are written as words (see {@code StatusWordsInSqlTests}); statuses set are bound.
 */
@ApplicationScoped
public class RiffSlotRepository implements PanacheRepository<Riff> {

    /**
     * Takes the user's cap lock until the transaction ends: slot decisions of one user are made one at a time, on any
     * replica, and see each other's reservations.
     */
    public void lockSlotsOf(String userId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('riff-cap:' || ?1))")
                .setParameter(1, userId)
                .getSingleResult();
    }

    /** The user's riffs, other than {@code exceptRiffId}, whose runtime is starting or running (or reserved to be). */
    public long countSlotsHeld(String userId, long exceptRiffId) {
        return ((Number) getEntityManager().createNativeQuery("""
                select count(*) from riffs where user_id = ?1 and id <> ?2 and runtime_status in ('starting', 'running')""")
                .setParameter(1, userId)
                .setParameter(2, exceptRiffId)
                .getSingleResult()).longValue();
    }

    /** Reserves a slot of the cap for the riff: it counts as starting until its outcome is recorded. */
    public void reserveSlot(long riffId, Instant now) {
        update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 where id = ?3", RuntimeStatus.STARTING, now, riffId);
    }

    /** Gives up a reservation of a riff that kept its runtime as it was (the runtime-api failed, say). */
    public void unreserveSlot(long riffId, RuntimeStatus previousStatus, Instant now) {
        update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 where id = ?3 and runtimeStatus = ?4",
                previousStatus, now, riffId, RuntimeStatus.STARTING);
    }

    /**
     * Queues a riff at the cap: no runtime until a slot frees; in line by creation ({@code next_start_at}), and the
     * claim given up.
     */
    public void queue(long riffId, String claim, String why, Instant now) {
        update("runtimeStatus = ?1, runtimeError = ?2, runtimeStatusAt = ?3, nextStartAt = createdAt, "
                + "runtimeClaim = null, runtimeClaimUntil = null, version = version + 1 where id = ?4 and runtimeClaim = ?5",
                RuntimeStatus.QUEUED, why, now, riffId, claim);
    }

    /**
     * Picks the user's running runtime idle the longest (idle since the later of its riff's activity and its start),
     * if idle since before {@code idleBefore}, that nobody is changing; claims it and marks it paused (the slot is taken from it now; the caller pauses it next).
     */
    @SuppressWarnings("unchecked")
    public Optional<Riff> claimEvictionVictim(String userId, Instant idleBefore, String claim, Duration ttl, Instant now) {
        List<Riff> found = getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond',
                                 runtime_status = ?6, runtime_status_at = ?3, version = version + 1
                where id = (select id from riffs
                            where user_id = ?4 and runtime_status = 'running' and runtime_id is not null
                              and greatest(coalesce(last_activity_at, created_at), runtime_started_at) < ?5
                              and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                            order by greatest(coalesce(last_activity_at, created_at), runtime_started_at), id
                            limit 1
                            for update skip locked)
                returning *""", Riff.class)
                .setParameter(1, claim)
                .setParameter(2, ttl.toMillis())
                .setParameter(3, now)
                .setParameter(4, userId)
                .setParameter(5, idleBefore)
                .setParameter(6, RuntimeStatus.PAUSED.wire())
                .getResultList();
        return found.stream().findFirst();
    }

    /** Since when the longest idle of the user's starting or running runtimes has been idle; null without any. */
    public Instant oldestIdleSinceHoldingSlot(String userId) {
        Object oldest = getEntityManager().createNativeQuery("""
                select min(greatest(coalesce(last_activity_at, created_at), runtime_started_at)) from riffs
                where user_id = ?1 and runtime_status in ('starting', 'running')""")
                .setParameter(1, userId)
                .getSingleResult();
        return oldest == null ? null : RuntimeEventRepository.instant(oldest);
    }

    /**
     * The user's riffs, other than {@code exceptRiffId}, whose runtime holds a slot of the cap (stored as starting or
     * running), at most {@code limit}.
     */
    @SuppressWarnings("unchecked")
    public List<Riff> listHoldingSlots(String userId, long exceptRiffId, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from riffs
                where user_id = ?1 and id <> ?2 and runtime_status in ('starting', 'running') and runtime_id is not null
                limit ?3""", Riff.class)
                .setParameter(1, userId)
                .setParameter(2, exceptRiffId)
                .setParameter(3, limit)
                .getResultList();
    }
}

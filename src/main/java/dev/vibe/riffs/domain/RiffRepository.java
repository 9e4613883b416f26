package dev.vibe.riffs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.persistence.LockModeType;

import org.hibernate.jpa.HibernateHints;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class RiffRepository implements PanacheRepository<Riff> {

    /** The app's riffs, newest first; read-only (no snapshots kept for dirty checking: an app may have thousands). */
    public List<Riff> listNewestFirst(App app) {
        return find("app", Sort.descending("createdAt", "id"), app).withHint(HibernateHints.HINT_READ_ONLY, true).list();
    }

    /**
     * A page of the app's riffs, newest first: up to {@code limit} riffs older than the one at ({@code createdAt},
     * {@code id}) in that order (from the newest when {@code createdAt} is null). Keyset on the index
     * {@code (app_id, created_at desc, id desc)}, so a page costs the same wherever it is in the list.
     */
    @SuppressWarnings("unchecked")
    public List<Riff> listPageNewestFirst(App app, Instant createdAt, long id, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from riffs
                where app_id = ?1 and (cast(?2 as timestamptz) is null or (created_at, id) < (cast(?2 as timestamptz), ?3))
                order by created_at desc, id desc
                limit ?4""", Riff.class)
                .setParameter(1, app.id)
                .setParameter(2, createdAt)
                .setParameter(3, id)
                .setParameter(4, limit)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
    }

    public Optional<Riff> findByAppAndSlug(App app, String slug) {
        return find("app = ?1 and slug = ?2", app, slug).firstResultOptional();
    }

    /** The user's riff with its app, in one query. */
    public Optional<Riff> findOwned(String userId, String appSlug, String riffSlug) {
        return find("from Riff r join fetch r.app a where a.userId = ?1 and a.slug = ?2 and r.slug = ?3", userId, appSlug, riffSlug)
                .firstResultOptional();
    }

    /**
     * Inserts a riff unless the app already has one with that slug, claimed by its creator (see {@link #claim}).
     * Safe under concurrency: the database's unique key decides, so simultaneous creates of one slug give
     * exactly one row.
     *
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(App app, NewRiff riff, String claim, Duration claimTtl) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into riffs (app_id, user_id, slug, description, created_at, created_by, session_id,
                                   runtime_claim, runtime_claim_until, next_start_at)
                values (?1, ?2, ?3, ?4, ?5, ?2, ?6, ?7, clock_timestamp() + ?8 * interval '1 millisecond', ?5)
                on conflict (app_id, slug) do nothing""")
                .setParameter(1, app.id)
                .setParameter(2, riff.userId())
                .setParameter(3, riff.slug())
                .setParameter(4, riff.description())
                .setParameter(5, riff.createdAt())
                .setParameter(6, riff.sessionId())
                .setParameter(7, claim)
                .setParameter(8, claimTtl.toMillis())
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Inserts a riff brought over from another store unless the app already has one with that slug, so that importing
     * twice writes nothing twice. Only a riff without a runtime is due a start (at once). Its runtime status is left null, which the reconciler's status refresh reads first; its
     * activity is the import's time, so that a runtime it has is not paused for idleness before anyone could use it.
     *
     * @return whether a row was inserted
     */
    public boolean insertImportedIfAbsent(App app, ImportedRiff riff) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into riffs (app_id, user_id, slug, description, created_at, created_by, last_message_at, message_count,
                                   session_id, runtime_id, runtime_url, session_api_key, last_activity_at, next_start_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                        case when cast(?10 as text) is null then cast(?13 as timestamptz) end)
                on conflict (app_id, slug) do nothing""")
                .setParameter(1, app.id)
                .setParameter(2, riff.userId())
                .setParameter(3, riff.slug())
                .setParameter(4, riff.description())
                .setParameter(5, riff.createdAt())
                .setParameter(6, riff.createdBy())
                .setParameter(7, riff.lastMessageAt())
                .setParameter(8, riff.messageCount())
                .setParameter(9, riff.sessionId())
                .setParameter(10, riff.runtimeId())
                .setParameter(11, riff.runtimeUrl())
                .setParameter(12, riff.sessionApiKey())
                .setParameter(13, riff.importedAt())
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Claims the riff for runtime work, unless another live claim holds it (an expired claim is taken over). The
     * database's clock decides expiry, so replicas' clocks never matter.
     *
     * @param onlyWithoutRuntime claim only a riff that has no runtime (provisioning)
     * @return whether the claim was taken
     */
    public boolean claim(long riffId, String claim, Duration ttl, boolean onlyWithoutRuntime) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?2, runtime_claim_until = clock_timestamp() + ?3 * interval '1 millisecond'
                where id = ?1
                  and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                  and (runtime_id is null or not ?4)""")
                .setParameter(1, riffId)
                .setParameter(2, claim)
                .setParameter(3, ttl.toMillis())
                .setParameter(4, onlyWithoutRuntime)
                .executeUpdate() == 1;
    }

    /**
     * Makes these claims last {@code ttl} more from now, where they still hold the riffs (a claim taken over since is
     * another token, and left alone). Tokens are unique to their claimant, so {@code id in riffIds and claim in tokens}
     * only ever matches claims of the caller.
     * <p>
     * A row another transaction holds is skipped, never waited for: this one statement locks thousands of rows (a
     * catch-up's batches in flight) while the recorder locks a batch's riffs one by one, and waiting both ways was a
     * deadlock that could undo a recording. The holder is writing that riff right now, and the next renewal, a third of
     * a TTL later, renews what this one skipped.
     *
     * @return how many claims were renewed
     */
    public int renewClaims(Collection<Long> riffIds, Collection<String> tokens, Duration ttl) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_claim_until = clock_timestamp() + ?3 * interval '1 millisecond'
                where id in (select id from riffs where id in (?1) and runtime_claim in (?2)
                             order by id
                             for update skip locked)""")
                .setParameter(1, riffIds)
                .setParameter(2, tokens)
                .setParameter(3, ttl.toMillis())
                .executeUpdate();
    }

    /**
     * Marks a riff whose first runtime is still being started (its claim held, no runtime yet) as {@code starting}, with
     * the reason in {@code runtime_error}; the recorded outcome replaces both.
     *
     * @return whether it was marked (false when the outcome was recorded meanwhile)
     */
    public boolean markStillStarting(long riffId, String claim, String why, Instant now) {
        return update("runtimeStatus = 'starting', runtimeError = ?1, runtimeStatusAt = ?2, version = version + 1 "
                + "where id = ?3 and runtimeClaim = ?4 and runtimeId is null", why, now, riffId, claim) == 1;
    }

    /**
     * Gives up a claim, if it is still this one. A slot reserved for a riff that got no runtime under the claim
     * ({@code starting} without a runtime) is given up with it.
     */
    public void release(long riffId, String claim) {
        getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = null, runtime_claim_until = null,
                                 runtime_status = case when runtime_id is null and runtime_status = 'starting' then null
                                                       else runtime_status end
                where id = ?1 and runtime_claim = ?2""")
                .setParameter(1, riffId)
                .setParameter(2, claim)
                .executeUpdate();
    }

    /**
     * Records a request concerning the riff at {@code now}, unless one was recorded less than {@code coarseness} ago:
     * a burst of requests writes the row once.
     */
    public void recordActivity(long riffId, Instant now, Duration coarseness) {
        update("lastActivityAt = ?1 where id = ?2 and (lastActivityAt is null or lastActivityAt < ?3)",
                now, riffId, now.minus(coarseness));
    }

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
        return count("userId = ?1 and id <> ?2 and runtimeStatus in ('starting', 'running')", userId, exceptRiffId);
    }

    /** Reserves a slot of the cap for the riff: it counts as starting until its outcome is recorded. */
    public void reserveSlot(long riffId, Instant now) {
        update("runtimeStatus = 'starting', runtimeStatusAt = ?1, version = version + 1 where id = ?2", now, riffId);
    }

    /** Gives up a reservation of a riff that kept its runtime as it was (the runtime-api failed, say). */
    public void unreserveSlot(long riffId, String previousStatus, Instant now) {
        update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 where id = ?3 and runtimeStatus = 'starting'",
                previousStatus, now, riffId);
    }

    /**
     * Queues a riff at the cap: no runtime until a slot frees; in line by creation ({@code next_start_at}), and the
     * claim given up.
     */
    public void queue(long riffId, String claim, String why, Instant now) {
        update("runtimeStatus = 'queued', runtimeError = ?1, runtimeStatusAt = ?2, nextStartAt = createdAt, "
                + "runtimeClaim = null, runtimeClaimUntil = null, version = version + 1 where id = ?3 and runtimeClaim = ?4",
                why, now, riffId, claim);
    }

    /**
     * Picks the user's running runtime idle the longest (idle since the later of its riff's activity and its start),
     * if idle since before {@code idleBefore}, that nobody is changing; claims it and marks it paused (the slot is taken from it now; the caller pauses it next).
     */
    @SuppressWarnings("unchecked")
    public Optional<Riff> claimEvictionVictim(String userId, Instant idleBefore, String claim, Duration ttl, Instant now) {
        List<Riff> found = getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond',
                                 runtime_status = 'paused', runtime_status_at = ?3, version = version + 1
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
    public List<Riff> listHoldingSlots(String userId, long exceptRiffId, int limit) {
        return find("userId = ?1 and id <> ?2 and runtimeStatus in ('starting', 'running') and runtimeId is not null", userId, exceptRiffId)
                .page(0, limit).list();
    }

    /**
     * Claims, for the idle pause, up to {@code limit} riffs whose runtime is running and idle since before
     * {@code idleBefore} (idle since the later of their last activity and their runtime's start), idle the longest
     * first, that nobody else is changing. Riffs that another transaction is claiming are skipped, so replicas take
     * disjoint batches.
     */
    @SuppressWarnings("unchecked")
    public List<Riff> claimIdleRunning(Instant idleBefore, String claim, Duration ttl, int limit) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond'
                where id in (select id from riffs
                             where runtime_status = 'running' and greatest(coalesce(last_activity_at, created_at), runtime_started_at) < ?3
                               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                             order by greatest(coalesce(last_activity_at, created_at), runtime_started_at)
                             limit ?4
                             for update skip locked)
                returning *""", Riff.class)
                .setParameter(1, claim)
                .setParameter(2, ttl.toMillis())
                .setParameter(3, idleBefore)
                .setParameter(4, limit)
                .getResultList();
    }

    /** The riff, with its row locked until the transaction ends; short transactions only, never around a remote call. */
    @SuppressWarnings("unchecked")
    public Optional<Riff> lock(long riffId) {
        List<Riff> found = getEntityManager().createNativeQuery("select * from riffs where id = ?1 for update", Riff.class)
                .setParameter(1, riffId)
                .getResultList();
        return found.stream().findFirst();
    }

    /**
     * The riff with its row locked until the transaction ends, unless another transaction holds the lock: then empty
     * at once, without waiting (for writes that another writer of the riff makes redundant, such as observations).
     */
    @SuppressWarnings("unchecked")
    public Optional<Riff> lockUnlessBusy(long riffId) {
        List<Riff> found = getEntityManager().createNativeQuery("select * from riffs where id = ?1 for update skip locked", Riff.class)
                .setParameter(1, riffId)
                .getResultList();
        return found.stream().findFirst();
    }

    /** Finds the riff and locks its row, so that a runtime recorded at the same moment is seen by the deletion. */
    public Optional<Riff> findByAppAndSlugLocked(App app, String slug) {
        return find("app = ?1 and slug = ?2", app, slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The app's riffs, locked, so that a runtime recorded at the same moment is seen by the deletion. */
    public List<Riff> lockAllOf(App app) {
        return find("app", app).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Claims, for the reconciler, up to {@code limit} riffs whose start is due: no runtime, {@code next_start_at}
     * passed, created before {@code createdBefore} (a queued riff at once), and not claimed by anyone else. With a
     * per-user {@code cap} (0: none), a queued riff is left alone while its user's slots are all taken. Answered in
     * line ({@code next_start_at}, then id). Riffs that another transaction is claiming are skipped, so replicas take
     * disjoint batches.
     * <p>
     * Only riffs without a runtime have a {@code next_start_at}, so the inner query selects on it alone, in the order of
     * the index {@code ix_riffs_start_due}: asked for {@code runtime_id is null} as well, the planner multiplied the two
     * selectivities, expected a few dozen rows where an outage leaves a hundred thousand, and sorted them all for every
     * batch. The outer condition keeps a riff that has a runtime out whatever happens.
     */
    @SuppressWarnings("unchecked")
    public List<Riff> claimDueStarts(String claim, Duration ttl, Instant now, Instant createdBefore, int limit, int cap) {
        List<Riff> claimed = getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond'
                where runtime_id is null
                  and id in (select id from riffs c
                             where next_start_at <= ?3
                               and (created_at < ?4 or runtime_status = 'queued')
                               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                               and (?6 = 0 or runtime_status is distinct from 'queued'
                                    or (select count(*) from riffs h
                                        where h.user_id = c.user_id and h.runtime_status in ('starting', 'running')) < ?6)
                             order by next_start_at
                             limit ?5
                             for update skip locked)
                returning *""", Riff.class)
                .setParameter(1, claim)
                .setParameter(2, ttl.toMillis())
                .setParameter(3, now)
                .setParameter(4, createdBefore)
                .setParameter(5, limit)
                .setParameter(6, cap)
                .getResultList();
        // RETURNING keeps no order: answer the riffs in line, so that queued riffs start in creation order.
        return claimed.stream()
                .sorted(Comparator.comparing((Riff riff) -> riff.nextStartAt).thenComparing(riff -> riff.id))
                .toList();
    }

    /**
     * Leases, for a status refresh, up to {@code limit} riffs whose stored status is older than {@code staleBefore}
     * and whose runtime may still change: marks them checked at {@code leasedAt}, so that no other replica takes them
     * meanwhile, and answers them. An observation is then written only where nothing newer was (see
     * {@link #recordRefreshedStatus}).
     */
    @SuppressWarnings("unchecked")
    public List<Riff> leaseStaleStatuses(Instant leasedAt, Instant staleBefore, int limit) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_status_at = ?1
                where id in (select id from riffs
                             where runtime_id is not null
                               and (runtime_status is null or runtime_status not in ('stopped', 'missing'))
                               and (runtime_status_at is null or runtime_status_at < ?2)
                               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                             order by runtime_status_at nulls first
                             limit ?3
                             for update skip locked)
                returning *""", Riff.class)
                .setParameter(1, leasedAt)
                .setParameter(2, staleBefore)
                .setParameter(3, limit)
                .getResultList();
    }

    /**
     * Leases, for the refresh's fast lane, up to {@code limit} riffs whose recheck is due at {@code now} (soonest
     * first): marks them checked at {@code leasedAt} and schedules their next recheck as if they stay starting (a
     * quarter of the time their runtime has been starting, within [{@code minDelay}, {@code maxDelay}]), which also
     * keeps other replicas off them meanwhile. The observation then writes a changed status, or clears the recheck of
     * a runtime no longer starting ({@link #recordRefreshedStatus}, {@link #clearRechecks}).
     */
    @SuppressWarnings("unchecked")
    public List<Riff> leaseDueRechecks(Instant leasedAt, int limit, Duration minDelay, Duration maxDelay) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_status_at = ?1,
                                 runtime_recheck_at = cast(?1 as timestamptz)
                                         + least(greatest((cast(?1 as timestamptz) - coalesce(runtime_started_at, cast(?1 as timestamptz))) / 4,
                                                          ?3 * interval '1 millisecond'),
                                                 ?4 * interval '1 millisecond')
                where id in (select id from riffs
                             where runtime_recheck_at <= ?1 and runtime_id is not null
                               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                             order by runtime_recheck_at
                             limit ?2
                             for update skip locked)
                returning *""", Riff.class)
                .setParameter(1, leasedAt)
                .setParameter(2, limit)
                .setParameter(3, minDelay.toMillis())
                .setParameter(4, maxDelay.toMillis())
                .getResultList();
    }

    /**
     * Writes a refreshed status, unless the riff moved to another runtime or was written since its lease. A runtime no
     * longer starting needs no fast recheck; one that comes back to life (from paused, stopped, missing...) restarts
     * the idle clock.
     */
    public boolean recordRefreshedStatus(long riffId, String runtimeId, String status, Instant leasedAt, Instant observedAt) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_status = ?1, runtime_status_at = ?2, version = version + 1,
                                 runtime_recheck_at = case when cast(?1 as text) = 'starting'
                                                           then coalesce(runtime_recheck_at, cast(?2 as timestamptz)) end,
                                 runtime_started_at = case when cast(?1 as text) in ('starting', 'running')
                                                                and coalesce(runtime_status, '') not in ('starting', 'running')
                                                           then cast(?2 as timestamptz) else runtime_started_at end
                where id = ?3 and runtime_id = ?4 and runtime_status_at = ?5""")
                .setParameter(1, status)
                .setParameter(2, observedAt)
                .setParameter(3, riffId)
                .setParameter(4, runtimeId)
                .setParameter(5, leasedAt)
                .executeUpdate() == 1;
    }

    /**
     * Ends the fast rechecks of riffs seen no longer starting, unless written since their lease at {@code leasedAt}. A
     * riff another transaction holds is skipped rather than waited for (as in {@link #renewClaims}): it is being
     * written, and a recheck left on costs one more look.
     */
    public void clearRechecks(List<Long> riffIds, Instant leasedAt) {
        if (!riffIds.isEmpty()) {
            getEntityManager().createNativeQuery("""
                    update riffs set runtime_recheck_at = null
                    where id in (select id from riffs where id in (?1) and runtime_status_at = ?2
                                 order by id
                                 for update skip locked)""")
                    .setParameter(1, riffIds)
                    .setParameter(2, leasedAt)
                    .executeUpdate();
        }
    }

    /** Riffs per stored runtime status, across all users. */
    public List<RuntimeStatusCount> countByRuntimeStatus() {
        return getEntityManager().createQuery(
                "select new dev.vibe.riffs.domain.RuntimeStatusCount(coalesce(r.runtimeStatus, 'none'), count(r)) "
                        + "from Riff r group by coalesce(r.runtimeStatus, 'none')", RuntimeStatusCount.class)
                .getResultList();
    }

    /**
     * Riffs without a runtime, by how long ago they were created: {@code under_1m}, {@code 1m_to_10m}, {@code 10m_to_1h},
     * {@code over_1h}. (Such riffs are the ones with a {@code next_start_at}: the index {@code ix_riffs_start_due}.)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Long> countWithoutRuntimeByWait() {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select case when created_at > now() - interval '1 minute' then 'under_1m'
                            when created_at > now() - interval '10 minutes' then '1m_to_10m'
                            when created_at > now() - interval '1 hour' then '10m_to_1h'
                            else 'over_1h' end, count(*)
                from riffs where next_start_at is not null and runtime_id is null group by 1""").getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String bucket : List.of("under_1m", "1m_to_10m", "10m_to_1h", "over_1h")) {
            counts.put(bucket, 0L);
        }
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** Seconds since the oldest stored status of a live riff was last refreshed (0 when there is none). */
    public double oldestLiveStatusAgeSeconds() {
        Object age = getEntityManager().createNativeQuery("""
                select coalesce(extract(epoch from now() - min(runtime_status_at)), 0) from riffs
                where runtime_id is not null and (runtime_status is null or runtime_status not in ('stopped', 'missing'))""")
                .getSingleResult();
        return ((Number) age).doubleValue();
    }
}

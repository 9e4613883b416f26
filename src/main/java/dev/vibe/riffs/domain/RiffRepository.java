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

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class RiffRepository implements PanacheRepository<Riff> {

    public List<Riff> listNewestFirst(App app) {
        return list("app", Sort.descending("createdAt", "id"), app);
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
     * twice writes nothing twice. Its runtime status is left null, which the reconciler's status refresh reads first; its
     * activity is the import's time, so that a runtime it has is not paused for idleness before anyone could use it.
     *
     * @return whether a row was inserted
     */
    public boolean insertImportedIfAbsent(App app, ImportedRiff riff) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into riffs (app_id, user_id, slug, description, created_at, created_by, last_message_at, message_count,
                                   session_id, runtime_id, runtime_url, session_api_key, last_activity_at, next_start_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)
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
     *
     * @return how many claims were renewed
     */
    public int renewClaims(Collection<Long> riffIds, Collection<String> tokens, Duration ttl) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_claim_until = clock_timestamp() + ?3 * interval '1 millisecond'
                where id in (?1) and runtime_claim in (?2)""")
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
     * Picks the user's least recently active running runtime that has been idle since {@code idleBefore} and nobody
     * is changing, claims it and marks it paused (the slot is taken from it now; the caller pauses it next).
     */
    @SuppressWarnings("unchecked")
    public Optional<Riff> claimEvictionVictim(String userId, Instant idleBefore, String claim, Duration ttl, Instant now) {
        List<Riff> found = getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond',
                                 runtime_status = 'paused', runtime_status_at = ?3, version = version + 1
                where id = (select id from riffs
                            where user_id = ?4 and runtime_status = 'running' and runtime_id is not null
                              and coalesce(last_activity_at, created_at) < ?5
                              and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                            order by coalesce(last_activity_at, created_at), id
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

    /** When the least recently active of the user's starting or running runtimes was last active; null without any. */
    public Instant oldestActivityHoldingSlot(String userId) {
        return getEntityManager().createQuery("select min(coalesce(r.lastActivityAt, r.createdAt)) from Riff r "
                + "where r.userId = ?1 and r.runtimeStatus in ('starting', 'running')", Instant.class)
                .setParameter(1, userId)
                .getSingleResult();
    }

    /** Up to {@code limit} riffs whose runtime is running and that nothing has concerned since {@code idleBefore}. */
    @SuppressWarnings("unchecked")
    public List<Long> findIdleRunning(Instant idleBefore, int limit) {
        List<Number> ids = getEntityManager().createNativeQuery("""
                select id from riffs
                where runtime_status = 'running' and coalesce(last_activity_at, created_at) < ?1
                  and (runtime_claim is null or runtime_claim_until < clock_timestamp())
                order by coalesce(last_activity_at, created_at)
                limit ?2""")
                .setParameter(1, idleBefore)
                .setParameter(2, limit)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** The riff, with its row locked until the transaction ends; short transactions only, never around a remote call. */
    @SuppressWarnings("unchecked")
    public Optional<Riff> lock(long riffId) {
        List<Riff> found = getEntityManager().createNativeQuery("select * from riffs where id = ?1 for update", Riff.class)
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
     */
    @SuppressWarnings("unchecked")
    public List<Riff> claimDueStarts(String claim, Duration ttl, Instant now, Instant createdBefore, int limit, int cap) {
        List<Riff> claimed = getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = ?1, runtime_claim_until = clock_timestamp() + ?2 * interval '1 millisecond'
                where id in (select id from riffs c
                             where runtime_id is null and next_start_at <= ?3
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

    /** Writes a refreshed status, unless the riff moved to another runtime or was written since its lease. */
    public boolean recordRefreshedStatus(long riffId, String runtimeId, String status, Instant leasedAt, Instant observedAt) {
        return update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 where id = ?3 and runtimeId = ?4 and runtimeStatusAt = ?5",
                status, observedAt, riffId, runtimeId, leasedAt) == 1;
    }

    /**
     * Records a runtime status observed at {@code observedAt}, unless it is what is stored already, the riff moved to
     * another runtime, or a newer observation was recorded meanwhile.
     */
    public void recordObservedStatus(long riffId, String runtimeId, String status, Instant observedAt) {
        update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 "
                + "where id = ?3 and runtimeId = ?4 and (runtimeStatus is null or runtimeStatus <> ?1) "
                + "and (runtimeStatusAt is null or runtimeStatusAt < ?2)",
                status, observedAt, riffId, runtimeId);
    }

    /** Riffs per stored runtime status, across all users. */
    public List<RuntimeStatusCount> countByRuntimeStatus() {
        return getEntityManager().createQuery(
                "select new dev.vibe.riffs.domain.RuntimeStatusCount(coalesce(r.runtimeStatus, 'none'), count(r)) "
                        + "from Riff r group by coalesce(r.runtimeStatus, 'none')", RuntimeStatusCount.class)
                .getResultList();
    }

    /** Riffs without a runtime, by how long ago they were created: {@code under_1m}, {@code 1m_to_10m}, {@code 10m_to_1h}, {@code over_1h}. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> countWithoutRuntimeByWait() {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select case when created_at > now() - interval '1 minute' then 'under_1m'
                            when created_at > now() - interval '10 minutes' then '1m_to_10m'
                            when created_at > now() - interval '1 hour' then '10m_to_1h'
                            else 'over_1h' end, count(*)
                from riffs where runtime_id is null group by 1""").getResultList();
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

package dev.vibe.riffs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/**
 * Claims and leases on riffs: a claim gives one claimant (a request or a reconciler, on any replica) the right to
 * change a riff's runtime; a lease marks riffs taken for a recheck of their status (the regular refresh leases buckets
 * instead: {@link dev.vibe.riffs.domain.refresh.RefreshBucketRepository}). Both are taken with {@code FOR UPDATE SKIP
 * LOCKED}, so replicas take disjoint batches, and expire by the database's clock. Status conditions that define a
 * partial index of the schema are written as words (see {@code StatusWordsInSqlTests}); statuses set are bound.
 */
@ApplicationScoped
public class RiffClaimRepository implements PanacheRepository<Riff> {

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
        return update("runtimeStatus = ?1, runtimeError = ?2, runtimeStatusAt = ?3, version = version + 1 "
                + "where id = ?4 and runtimeClaim = ?5 and runtimeId is null", RuntimeStatus.STARTING, why, now, riffId, claim) == 1;
    }

    /**
     * Gives up a claim, if it is still this one. A slot reserved for a riff that got no runtime under the claim
     * ({@code starting} without a runtime) is given up with it.
     */
    public void release(long riffId, String claim) {
        getEntityManager().createNativeQuery("""
                update riffs set runtime_claim = null, runtime_claim_until = null,
                                 runtime_status = case when runtime_id is null and runtime_status = ?3 then null
                                                       else runtime_status end
                where id = ?1 and runtime_claim = ?2""")
                .setParameter(1, riffId)
                .setParameter(2, claim)
                .setParameter(3, RuntimeStatus.STARTING.wire())
                .executeUpdate();
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
     * Writes a refreshed status, unless the riff moved to another runtime, was written since the refresh read it (its
     * {@code runtime_status_at} is no longer {@code readStatusAt}) or is claimed by someone changing its runtime (who
     * writes what it did). A runtime no longer starting needs no fast recheck; one that comes back to life (from
     * paused, stopped, missing...) restarts the idle clock.
     */
    public boolean recordRefreshedStatus(long riffId, String runtimeId, RuntimeStatus status, Instant readStatusAt, Instant observedAt) {
        return getEntityManager().createNativeQuery("""
                update riffs set runtime_status = ?1, runtime_status_at = ?2, version = version + 1,
                                 runtime_recheck_at = case when cast(?1 as text) = ?6
                                                           then coalesce(runtime_recheck_at, cast(?2 as timestamptz)) end,
                                 runtime_started_at = case when cast(?1 as text) in (?7, ?8)
                                                                and coalesce(runtime_status, '') not in (?7, ?8)
                                                           then cast(?2 as timestamptz) else runtime_started_at end
                where id = ?3 and runtime_id = ?4 and coalesce(runtime_status_at, timestamptz 'epoch') = ?5
                  and (runtime_claim is null or runtime_claim_until < clock_timestamp())""")
                .setParameter(1, status.wire())
                .setParameter(2, observedAt)
                .setParameter(3, riffId)
                .setParameter(4, runtimeId)
                .setParameter(5, readStatusAt != null ? readStatusAt : Instant.EPOCH)
                .setParameter(6, RuntimeStatus.STARTING.wire())
                .setParameter(7, RuntimeStatus.STARTING.wire())
                .setParameter(8, RuntimeStatus.RUNNING.wire())
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
}

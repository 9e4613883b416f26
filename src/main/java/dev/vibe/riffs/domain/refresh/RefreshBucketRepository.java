package dev.vibe.riffs.domain.refresh;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;

/**
 * The buckets of the regular status refresh: a live riff belongs to the bucket {@code mod(id, 1024)}, and the table
 * {@code runtime_refresh_buckets} records when each bucket was last checked. The refresh leases the buckets checked
 * longest ago (marking them checked, so that no other replica takes them meanwhile), looks their live riffs up, and
 * writes a riff only when its status changed: checking a riff writes nothing to it, where rewriting each checked riff's
 * indexed {@code runtime_status_at} wrote all the riffs' index entries too (issue 16).
 * <p>
 * The bucket expression is spelled {@code mod(id, 1024)} in every statement, as in the index
 * {@code ix_riffs_refresh_bucket}, so that the planner uses it.
 */
@ApplicationScoped
public class RefreshBucketRepository implements PanacheRepository<Riff> {

    /** How many buckets there are ({@code V8__refresh_buckets.sql}). */
    public static final int BUCKETS = 1024;

    /** A leased bucket, and when it had been checked before. */
    public record LeasedBucket(int bucket, Instant checkedBefore) {
    }

    /**
     * Leases up to {@code limit} buckets last checked before {@code staleBefore}, the oldest check first: marks them
     * checked at {@code leasedAt}. Buckets another transaction is leasing are skipped, so replicas take disjoint ones.
     */
    @SuppressWarnings("unchecked")
    public List<LeasedBucket> leaseStale(Instant leasedAt, Instant staleBefore, int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                update runtime_refresh_buckets b set checked_at = ?1
                from (select bucket, checked_at from runtime_refresh_buckets
                      where checked_at < ?2
                      order by checked_at, bucket
                      limit ?3
                      for update skip locked) due
                where b.bucket = due.bucket
                returning b.bucket, due.checked_at""")
                .setParameter(1, leasedAt)
                .setParameter(2, staleBefore)
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(row -> new LeasedBucket(((Number) row[0]).intValue(), (Instant) row[1])).toList();
    }

    /**
     * Gives back the check of buckets whose look-up failed: each goes back to its check before the lease, unless it
     * was checked again since, so that the stored statuses' age tells the truth while the runtime-api cannot answer.
     */
    public void restore(List<LeasedBucket> buckets, Instant leasedAt) {
        if (buckets.isEmpty()) {
            return;
        }
        getEntityManager().createNativeQuery("""
                update runtime_refresh_buckets b set checked_at = earlier.checked_at
                from unnest(cast(?1 as integer[]), cast(?2 as timestamptz[])) as earlier(bucket, checked_at)
                where b.bucket = earlier.bucket and b.checked_at = ?3""")
                .setParameter(1, buckets.stream().map(LeasedBucket::bucket).toArray(Integer[]::new))
                .setParameter(2, buckets.stream().map(LeasedBucket::checkedBefore).toArray(Instant[]::new))
                .setParameter(3, leasedAt)
                .executeUpdate();
    }

    /** The live riffs of these buckets: a runtime whose status may still change (not stopped, not missing). */
    @SuppressWarnings("unchecked")
    public List<RiffToCheck> liveRiffsOf(Collection<Integer> buckets) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select id, session_id, runtime_id, runtime_status, runtime_status_at, runtime_recheck_at from riffs
                where mod(id, 1024) in (?1)
                  and runtime_id is not null and (runtime_status is null or runtime_status not in ('stopped', 'missing'))""")
                .setParameter(1, buckets)
                .getResultList();
        return rows.stream().map(row -> new RiffToCheck(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                RuntimeStatus.of((String) row[3]), (Instant) row[4], (Instant) row[5])).toList();
    }
}

package dev.vibe.riffs.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The figures of the riff gauges, across all users: riffs per status, riffs waiting for a runtime, the oldest status. */
@ApplicationScoped
public class RiffMetricsRepository implements PanacheRepository<Riff> {

    /** Riffs per stored runtime status, across all users. */
    @SuppressWarnings("unchecked")
    public List<RuntimeStatusCount> countByRuntimeStatus() {
        List<Object[]> rows = getEntityManager().createNativeQuery(
                "select coalesce(runtime_status, 'none'), count(*) from riffs group by coalesce(runtime_status, 'none')")
                .getResultList();
        return rows.stream().map(row -> new RuntimeStatusCount((String) row[0], ((Number) row[1]).longValue())).toList();
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

    /**
     * Seconds since the stored status of the live riff checked longest ago was confirmed, at most: the oldest check
     * among the refresh buckets that hold live riffs ({@link dev.vibe.riffs.domain.refresh.RefreshBucketRepository}).
     * A riff whose status was written after its bucket's check is fresher than that. 0 when no riff is live.
     */
    public double oldestLiveStatusAgeSeconds() {
        Object age = getEntityManager().createNativeQuery("""
                select coalesce(extract(epoch from now() - min(b.checked_at)), 0)
                from runtime_refresh_buckets b
                where exists (select 1 from riffs r
                              where mod(r.id, 1024) = b.bucket
                                and r.runtime_id is not null
                                and (r.runtime_status is null or r.runtime_status not in ('stopped', 'missing')))""")
                .getSingleResult();
        return ((Number) age).doubleValue();
    }
}

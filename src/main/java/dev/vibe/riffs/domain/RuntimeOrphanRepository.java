package dev.vibe.riffs.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The orphan sweep's queries. Times are the database's ({@code now()}, the transaction's start), so that the clocks
 * of replicas never matter; callers pass at most a few hundred ids at a time.
 */
@ApplicationScoped
public class RuntimeOrphanRepository implements PanacheRepositoryBase<RuntimeOrphan, String> {

    /**
     * What the database says about these listed runtimes and their sessions, in one statement: one snapshot, so that a
     * riff that records or gives up a runtime meanwhile is seen either before or after, never half-way.
     *
     * @param runtimeIds not empty
     * @param sessionIds not empty
     */
    @SuppressWarnings("unchecked")
    public ListedRuntimeFacts factsAbout(Collection<String> runtimeIds, Collection<String> sessionIds) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select 'held', runtime_id from riffs where runtime_id in (?1)
                union all
                select 'stopping', runtime_id from runtime_stops where runtime_id in (?1)
                union all
                select case when runtime_id is null or runtime_claim_until > clock_timestamp() then 'adopting' else 'riff' end,
                       session_id
                from riffs where session_id in (?2)""")
                .setParameter(1, runtimeIds)
                .setParameter(2, sessionIds)
                .getResultList();
        Set<String> held = new HashSet<>();
        Set<String> stopping = new HashSet<>();
        Set<String> riffSessions = new HashSet<>();
        Set<String> adopting = new HashSet<>();
        for (Object[] row : rows) {
            String id = (String) row[1];
            switch ((String) row[0]) {
                case "held" -> held.add(id);
                case "stopping" -> stopping.add(id);
                case "adopting" -> {
                    riffSessions.add(id);
                    adopting.add(id);
                }
                default -> riffSessions.add(id);
            }
        }
        return new ListedRuntimeFacts(held, stopping, riffSessions, adopting);
    }

    /**
     * Waits until no other transaction (of any replica) is recording orphans of this schema, and holds the others off
     * until this one ends: sweeps that overlap then write one after the other, so that neither waits on rows the other
     * holds, and the second finds the first's rows.
     */
    public void lockForSweep() {
        getEntityManager().createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(current_schema() || '.runtime_orphans'))")
                .getSingleResult();
    }

    /**
     * Records that these runtimes (id to session) are orphans now: renews the rows of the known ones and writes the
     * others.
     *
     * @param orphans not empty
     * @return the runtime ids whose row this call wrote
     */
    @SuppressWarnings("unchecked")
    public List<String> see(Map<String, String> orphans) {
        getEntityManager().createNativeQuery("update runtime_orphans set last_seen_at = now() where runtime_id in (?1)")
                .setParameter(1, orphans.keySet())
                .executeUpdate();
        StringJoiner values = new StringJoiner(", ");
        List<String> parameters = new ArrayList<>();
        orphans.forEach((runtimeId, sessionId) -> {
            values.add("(?" + (parameters.size() + 1) + ", ?" + (parameters.size() + 2) + ", now(), now())");
            parameters.add(runtimeId);
            parameters.add(sessionId);
        });
        Query insert = getEntityManager().createNativeQuery("insert into runtime_orphans (runtime_id, session_id, first_seen_at, last_seen_at) "
                + "values " + values + " on conflict (runtime_id) do nothing returning runtime_id");
        for (int i = 0; i < parameters.size(); i++) {
            insert.setParameter(i + 1, parameters.get(i));
        }
        return insert.getResultList();
    }

    /**
     * Of these runtimes, those first seen as orphans at least {@code grace} ago, longest-known first.
     *
     * @param runtimeIds not empty
     */
    @SuppressWarnings("unchecked")
    public List<RuntimeOrphan> orphanedFor(Collection<String> runtimeIds, Duration grace, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from runtime_orphans
                where runtime_id in (?1) and first_seen_at <= now() - ?2 * interval '1 millisecond'
                order by first_seen_at
                limit ?3""", RuntimeOrphan.class)
                .setParameter(1, runtimeIds)
                .setParameter(2, grace.toMillis())
                .setParameter(3, limit)
                .getResultList();
    }

    /** Deletes the rows that the transaction's sweep has not renewed: runtimes that are gone or no longer orphans. */
    public int forgetUnseen() {
        return getEntityManager().createNativeQuery("delete from runtime_orphans where last_seen_at < now()").executeUpdate();
    }
}

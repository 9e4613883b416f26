package dev.vibe.riffs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class RuntimeStopRepository implements PanacheRepository<RuntimeStop> {

    /**
     * Records that the runtime must be stopped (once: a second request for the same runtime is a no-op).
     *
     * @return whether this call wrote it down (false when it was owed already)
     */
    public boolean enqueue(String runtimeId, String sessionId, Instant now) {
        return getEntityManager().createNativeQuery("""
                insert into runtime_stops (runtime_id, session_id, requested_at, next_attempt_at)
                values (?1, ?2, ?3, ?3)
                on conflict (runtime_id) do nothing""")
                .setParameter(1, runtimeId)
                .setParameter(2, sessionId)
                .setParameter(3, now)
                .executeUpdate() == 1;
    }

    public boolean isPending(String runtimeId) {
        return count("runtimeId", runtimeId) > 0;
    }

    /**
     * Leases the due stops, oldest first: pushes each one's next attempt to {@code leaseUntil}, so that no other
     * transaction (on any replica) takes them meanwhile, and answers them. The remote stops happen after the commit.
     */
    @SuppressWarnings("unchecked")
    public List<RuntimeStop> leaseDue(Instant now, Instant leaseUntil, int limit) {
        return getEntityManager().createNativeQuery("""
                update runtime_stops set next_attempt_at = ?2
                where id in (select id from runtime_stops
                             where next_attempt_at <= ?1
                             order by next_attempt_at
                             limit ?3
                             for update skip locked)
                returning *""", RuntimeStop.class)
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, limit)
                .getResultList();
    }

    /** Leases the stop of this runtime if it is due (see {@link #leaseDue}). */
    @SuppressWarnings("unchecked")
    public Optional<RuntimeStop> leaseIfDue(String runtimeId, Instant now, Instant leaseUntil) {
        List<RuntimeStop> leased = getEntityManager().createNativeQuery("""
                update runtime_stops set next_attempt_at = ?3
                where runtime_id = ?1 and next_attempt_at <= ?2
                returning *""", RuntimeStop.class)
                .setParameter(1, runtimeId)
                .setParameter(2, now)
                .setParameter(3, leaseUntil)
                .getResultList();
        return leased.stream().findFirst();
    }
}

package dev.vibe.riffs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class RuntimeStopRepository implements PanacheRepository<RuntimeStop> {

    /** Records that the runtime must be stopped (once: a second request for the same runtime is a no-op). */
    public void enqueue(String runtimeId, String sessionId, Instant now) {
        getEntityManager().createNativeQuery("""
                insert into runtime_stops (runtime_id, session_id, requested_at, next_attempt_at)
                values (?1, ?2, ?3, ?3)
                on conflict (runtime_id) do nothing""")
                .setParameter(1, runtimeId)
                .setParameter(2, sessionId)
                .setParameter(3, now)
                .executeUpdate();
    }

    public boolean isPending(String runtimeId) {
        return count("runtimeId", runtimeId) > 0;
    }

    /** Due stops, locked for this transaction; stops that another replica is working on are skipped. */
    @SuppressWarnings("unchecked")
    public List<RuntimeStop> lockDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from runtime_stops
                where next_attempt_at <= ?1
                order by next_attempt_at
                limit ?2
                for update skip locked""", RuntimeStop.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
    }

    /** The pending stop of this runtime, locked, unless another transaction holds it. */
    @SuppressWarnings("unchecked")
    public Optional<RuntimeStop> tryLock(String runtimeId) {
        List<RuntimeStop> found = getEntityManager().createNativeQuery("""
                select * from runtime_stops where runtime_id = ?1 for update skip locked""", RuntimeStop.class)
                .setParameter(1, runtimeId)
                .getResultList();
        return found.stream().findFirst();
    }
}

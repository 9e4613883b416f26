package dev.vibe.riffs.domain;

import java.time.Instant;
import java.util.List;
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

    /** Finds the riff and locks its row: a deletion waits for runtime work in progress to record its runtime. */
    public Optional<Riff> findByAppAndSlugLocked(App app, String slug) {
        return find("app = ?1 and slug = ?2", app, slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * Inserts a riff unless the app already has one with that slug. Safe under concurrency: the
     * database's unique key decides, so simultaneous creates of one slug give exactly one row.
     *
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(App app, String slug, String description, String userId, Instant createdAt) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into riffs (app_id, user_id, slug, description, created_at, created_by)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (app_id, slug) do nothing""")
                .setParameter(1, app.id)
                .setParameter(2, userId)
                .setParameter(3, slug)
                .setParameter(4, description)
                .setParameter(5, createdAt)
                .setParameter(6, userId)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * The riff, with its row locked until the transaction ends. Every change to a riff's runtime happens under
     * this lock, so two requests (or a request and the reconciler, on any replica) never start two runtimes.
     */
    @SuppressWarnings("unchecked")
    public Optional<Riff> lock(long riffId, RiffLocks mode) {
        String sql = mode == RiffLocks.SKIP_LOCKED
                ? "select * from riffs where id = ?1 for update skip locked"
                : "select * from riffs where id = ?1 for update";
        List<Riff> found = getEntityManager().createNativeQuery(sql, Riff.class).setParameter(1, riffId).getResultList();
        return found.stream().findFirst();
    }

    /** The app's riffs, locked: a deletion waits for runtime work in progress to record its runtime. */
    public List<Riff> lockAllOf(App app) {
        return find("app", app).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Riffs that have no runtime yet and were created before {@code createdBefore}, oldest first. */
    public List<Long> idsWithoutRuntime(Instant createdBefore, int limit) {
        return getEntityManager().createQuery(
                "select r.id from Riff r where r.runtimeId is null and r.createdAt < ?1 order by r.createdAt", Long.class)
                .setParameter(1, createdBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Riffs whose runtime may have changed, the longest unrefreshed first, locked; riffs that a request or
     * another replica is working on are skipped.
     */
    @SuppressWarnings("unchecked")
    public List<Riff> lockStalestWithRuntime(int limit) {
        return getEntityManager().createNativeQuery("""
                select * from riffs
                where runtime_id is not null
                  and (runtime_status is null or runtime_status not in ('stopped', 'missing'))
                order by runtime_status_at nulls first
                limit ?1
                for update skip locked""", Riff.class)
                .setParameter(1, limit)
                .getResultList();
    }

    /**
     * Records a runtime status observed at {@code observedAt}, unless the riff moved to another runtime or a
     * newer observation was recorded meanwhile.
     */
    public void recordObservedStatus(long riffId, String runtimeId, String status, Instant observedAt) {
        update("runtimeStatus = ?1, runtimeStatusAt = ?2, version = version + 1 "
                + "where id = ?3 and runtimeId = ?4 and (runtimeStatusAt is null or runtimeStatusAt < ?2)",
                status, observedAt, riffId, runtimeId);
    }

    /** Riffs per stored runtime status, across all users. */
    public List<RuntimeStatusCount> countByRuntimeStatus() {
        return getEntityManager().createQuery(
                "select new dev.vibe.riffs.domain.RuntimeStatusCount(coalesce(r.runtimeStatus, 'none'), count(r)) "
                        + "from Riff r group by coalesce(r.runtimeStatus, 'none')", RuntimeStatusCount.class)
                .getResultList();
    }
}

package dev.vibe.riffs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.persistence.LockModeType;

import org.hibernate.jpa.HibernateHints;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

/** Riffs: their rows, reads and locks. Claims, slots and the gauges' figures have repositories of their own. */
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

    /** The newest riffs that have a runtime, with their apps; read-only (the primary key walked backwards). */
    public List<Riff> newestWithRuntime(int limit) {
        return find("from Riff r join fetch r.app where r.runtimeId is not null order by r.id desc")
                .withHint(HibernateHints.HINT_READ_ONLY, true).page(0, limit).list();
    }

    /**
     * Inserts a riff unless the app already has one with that slug, claimed by its creator (see {@link RiffClaimRepository#claim}).
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
     * Records a request concerning the riff at {@code now}, unless one was recorded less than {@code coarseness} ago:
     * a burst of requests writes the row once.
     */
    public void recordActivity(long riffId, Instant now, Duration coarseness) {
        update("lastActivityAt = ?1 where id = ?2 and (lastActivityAt is null or lastActivityAt < ?3)",
                now, riffId, now.minus(coarseness));
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
}

package dev.vibe.riffs.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

/**
 * The runtime event ledger. Each insert also notifies the {@code runtime_events} channel with the event's id; PostgreSQL
 * delivers the notification when the transaction commits (and never when it rolls back), so every replica's listener
 * learns of exactly the committed events.
 */
@ApplicationScoped
public class RuntimeEventRepository {

    /** The channel of {@code NOTIFY}: its payload is the new event's id. */
    public static final String CHANNEL = "runtime_events";

    /** The columns of an event, in the order of {@link RuntimeEvent}'s components. */
    public static final String COLUMNS = "id, at, user_id, app_slug, riff_slug, riff_id, runtime_id, from_status, to_status, reason, actor, detail";

    private static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private final EntityManager em;

    public RuntimeEventRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Inserts an event in the caller's transaction and notifies its id; answers the id. It touches no entity, so it does
     * not flush the caller's changes first (a native statement otherwise does): the riff whose change it records is
     * written once, at commit, rather than once here and again with what the caller changes after.
     */
    public long insert(String userId, String appSlug, String riffSlug, Long riffId, String runtimeId, String fromStatus,
            String toStatus, String reason, String actor, String detail) {
        Object[] row = (Object[]) em.createNativeQuery("""
                with e as (insert into runtime_events (user_id, app_slug, riff_slug, riff_id, runtime_id, from_status, to_status,
                                                       reason, actor, detail)
                           values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) returning id)
                select id, pg_notify('""" + CHANNEL + "', id::text) from e")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, userId)
                .setParameter(2, appSlug)
                .setParameter(3, riffSlug)
                .setParameter(4, riffId)
                .setParameter(5, runtimeId)
                .setParameter(6, fromStatus)
                .setParameter(7, toStatus)
                .setParameter(8, reason)
                .setParameter(9, actor)
                .setParameter(10, detail)
                .getSingleResult();
        return ((Number) row[0]).longValue();
    }

    /**
     * Inserts an event of a runtime that no riff may hold any more (a stop of a deleted riff's runtime, an orphan's),
     * attributed like the runtime's last event; without one, to the given user, app and riff slugs if known.
     *
     * @return whether an event was inserted (false: the runtime is unknown to the ledger and no attribution was given)
     */
    @SuppressWarnings("unchecked")
    public boolean insertForRuntime(String runtimeId, String toStatus, String reason, String actor, String detail,
            String userId, String appSlug, String riffSlug) {
        List<Object[]> last = em.createNativeQuery("""
                select user_id, app_slug, riff_slug, riff_id, to_status from runtime_events
                where runtime_id = ?1 order by id desc limit 1""")
                .setParameter(1, runtimeId)
                .getResultList();
        if (!last.isEmpty()) {
            Object[] row = last.get(0);
            insert((String) row[0], (String) row[1], (String) row[2], row[3] == null ? null : ((Number) row[3]).longValue(), runtimeId,
                    (String) row[4], toStatus, reason, actor, detail);
            return true;
        }
        if (userId == null) {
            return false;
        }
        insert(userId, appSlug, riffSlug, null, runtimeId, null, toStatus, reason, actor, detail);
        return true;
    }

    /** A riff's events, newest first, with ids below {@code before} (null: from the newest). */
    @SuppressWarnings("unchecked")
    public List<RuntimeEvent> listOfRiff(long riffId, Long before, int limit) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from runtime_events where riff_id = ?1 and id < ?2 "
                + "order by id desc limit ?3")
                .setParameter(1, riffId)
                .setParameter(2, before == null ? Long.MAX_VALUE : before)
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(RuntimeEventRepository::event).toList();
    }

    /** The user's events (of one app if {@code appSlug} is set) with ids above {@code afterId}, oldest first. */
    @SuppressWarnings("unchecked")
    public List<RuntimeEvent> listOfUserAfter(String userId, String appSlug, long afterId, int limit) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from runtime_events where user_id = ?1 and id > ?2 "
                + "and (cast(?3 as text) is null or app_slug = ?3) order by id limit ?4")
                .setParameter(1, userId)
                .setParameter(2, afterId)
                .setParameter(3, appSlug)
                .setParameter(4, limit)
                .getResultList();
        return rows.stream().map(RuntimeEventRepository::event).toList();
    }

    /** Deletes up to {@code limit} events older than {@code cutoff}; answers how many. */
    public int deleteOlderThan(Instant cutoff, int limit) {
        return em.createNativeQuery("delete from runtime_events where id in "
                + "(select id from runtime_events where at < ?1 order by at limit ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .executeUpdate();
    }

    /**
     * The user's runtime time per riff from the ledger within [{@code from}, {@code to}): each event's status lasts until
     * the riff's next event (or until {@code now} after the last one), clipped to the range. Rows: app slug, riff slug,
     * live seconds (starting or running), of which starting, paused seconds, starts, resumes; riffs with nothing in the
     * range are left out.
     */
    @SuppressWarnings("unchecked")
    public List<RiffUsageRow> usage(String userId, Instant from, Instant to, Instant now) {
        List<Object[]> rows = em.createNativeQuery("""
                with e as (select riff_id, app_slug, riff_slug, to_status, reason, at,
                                  coalesce(lead(at) over (partition by riff_id order by at, id), greatest(cast(?4 as timestamptz), at)) as until
                           from runtime_events where user_id = ?1 and riff_id is not null and at < ?3),
                     d as (select riff_id, app_slug, riff_slug, to_status, reason, at,
                                  greatest(0, extract(epoch from least(until, cast(?3 as timestamptz)) - greatest(at, cast(?2 as timestamptz)))) as secs
                           from e)
                select max(app_slug), max(riff_slug),
                       coalesce(sum(secs) filter (where to_status in (?5, ?6)), 0),
                       coalesce(sum(secs) filter (where to_status = ?5), 0),
                       coalesce(sum(secs) filter (where to_status = ?7), 0),
                       count(*) filter (where reason = ?8 and at >= ?2),
                       count(*) filter (where reason = ?9 and at >= ?2)
                from d group by riff_id
                having sum(secs) filter (where to_status in (?5, ?6, ?7)) > 0 or count(*) filter (where at >= ?2) > 0
                order by 1, 2""")
                .setParameter(1, userId)
                .setParameter(2, from)
                .setParameter(3, to)
                .setParameter(4, now)
                .setParameter(5, RuntimeStatus.STARTING.wire())
                .setParameter(6, RuntimeStatus.RUNNING.wire())
                .setParameter(7, RuntimeStatus.PAUSED.wire())
                .setParameter(8, RuntimeEventReason.STARTED.wire())
                .setParameter(9, RuntimeEventReason.RESUMED.wire())
                .getResultList();
        return rows.stream().map(row -> new RiffUsageRow((String) row[0], (String) row[1], ((Number) row[2]).doubleValue(),
                ((Number) row[3]).doubleValue(), ((Number) row[4]).doubleValue(), ((Number) row[5]).longValue(),
                ((Number) row[6]).longValue())).toList();
    }

    /** The event in a row of {@link #COLUMNS}, read by JDBC (the events listener's own connection). */
    public static RuntimeEvent event(ResultSet rows) throws SQLException {
        Object[] row = new Object[COLUMN_COUNT];
        for (int i = 0; i < row.length; i++) {
            row[i] = rows.getObject(i + 1);
        }
        return event(row);
    }

    /** The event in a row of {@link #COLUMNS}: the one mapping of the ledger's columns. */
    static RuntimeEvent event(Object[] row) {
        return new RuntimeEvent(((Number) row[0]).longValue(), instant(row[1]), (String) row[2], (String) row[3], (String) row[4],
                row[5] == null ? null : ((Number) row[5]).longValue(), (String) row[6], (String) row[7], (String) row[8],
                (String) row[9], (String) row[10], (String) row[11]);
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException("Not a timestamp: " + value);
    }
}

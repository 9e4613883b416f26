package dev.vibe.riffs.service.events;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.hibernate.Hibernate;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import dev.vibe.riffs.service.lifecycle.SessionIds;
import io.quarkus.logging.Log;

/**
 * Writes the runtime event ledger: each change of a riff's runtime, in the transaction that makes it (so an event
 * exists exactly when its change committed). Callers name the reason and the actor; an event is written only where
 * the runtime or its status changed, except for explicit actions such as an owed stop. Details are free text and
 * never carry a secret.
 */
@ApplicationScoped
public class RuntimeEvents {


    private static final int MAX_DETAIL_LENGTH = 1000;

    private final RuntimeEventRepository events;
    private final EntityManager em;
    private final SessionIds sessionIds;

    RuntimeEvents(RuntimeEventRepository events, EntityManager em, SessionIds sessionIds) {
        this.events = events;
        this.em = em;
        this.sessionIds = sessionIds;
    }

    /** Records a change of the riff's runtime, in the caller's transaction. */
    @Transactional(TxType.MANDATORY)
    public void record(Riff riff, RuntimeStatus fromStatus, RuntimeStatus toStatus, RuntimeEventReason reason, RuntimeActor actor,
            String detail) {
        long id = events.insert(riff.userId, appSlugOf(riff), riff.slug, riff.id, riff.runtimeId, RuntimeStatus.wireOf(fromStatus),
                RuntimeStatus.wireOf(toStatus), reason.wire(), actor.wireName(), truncate(detail));
        Log.debugf("Runtime event %d of riff %d: %s -> %s (%s by %s)", id, riff.id, fromStatus, toStatus, reason, actor.wireName());
    }

    /** Records a change, unless the status is what it was and the runtime the same (a no-op is no event). */
    @Transactional(TxType.MANDATORY)
    public void recordChange(Riff riff, String fromRuntimeId, RuntimeStatus fromStatus, RuntimeEventReason reason, RuntimeActor actor,
            String detail) {
        if (Objects.equals(fromRuntimeId, riff.runtimeId) && Objects.equals(fromStatus, riff.runtimeStatus)) {
            return;
        }
        record(riff, fromStatus, riff.runtimeStatus, reason, actor, detail);
    }

    /**
     * Records the end of a runtime that no riff may hold any more (its riff was deleted, or it is an orphan), attributed
     * like the runtime's last event, or else to the riff its session names.
     */
    @Transactional(TxType.MANDATORY)
    public void recordRuntimeGone(String runtimeId, String sessionId, RuntimeEventReason reason, RuntimeActor actor, String detail) {
        String[] parts = sessionParts(sessionId);
        events.insertForRuntime(runtimeId, RuntimeStatus.STOPPED.wire(), reason.wire(), actor.wireName(), truncate(detail),
                parts == null ? null : parts[0], parts == null ? null : parts[1], parts == null ? null : parts[2]);
    }

    /**
     * The user, app and riff slugs a session names ({@code [prefix]user:app:riff}, or {@code user.app.riff} as the Flask
     * backend named its sessions: neither user ids nor slugs hold a dot), or null when it names none.
     */
    private String[] sessionParts(String sessionId) {
        if (sessionId == null) {
            return null;
        }
        String bare = sessionId;
        String prefix = sessionIds.prefix().orElse(null);
        if (prefix != null && bare.startsWith(prefix)) {
            bare = bare.substring(prefix.length());
        }
        String[] parts = bare.split(":", -1);
        if (parts.length != 3) {
            parts = bare.split("\\.", -1);
        }
        return parts.length == 3 ? parts : null;
    }

    private String appSlugOf(Riff riff) {
        if (riff.app != null && Hibernate.isInitialized(riff.app)) {
            return riff.app.slug;
        }
        // Reads what no pending change touches: no flush of the riff before it (see RuntimeEventRepository.insert).
        return (String) em.createNativeQuery("select a.slug from apps a join riffs r on r.app_id = a.id where r.id = ?1")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, riff.id)
                .getSingleResult();
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL_LENGTH ? detail : detail.substring(0, MAX_DETAIL_LENGTH);
    }
}

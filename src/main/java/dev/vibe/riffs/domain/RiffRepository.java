package dev.vibe.riffs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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
}

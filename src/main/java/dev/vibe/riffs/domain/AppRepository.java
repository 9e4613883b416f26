package dev.vibe.riffs.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AppRepository implements PanacheRepository<App> {

    /**
     * How many riffs each of these apps has; an app without riffs is absent. Counted only where an answer shows the
     * count: loading an app (which every riff request does) counts nothing, since an app of 10,000 riffs costs a scan of
     * its 10,000 index entries per count.
     */
    public Map<Long, Long> riffCounts(Collection<Long> appIds) {
        if (appIds.isEmpty()) {
            return Map.of();
        }
        return getEntityManager()
                .createQuery("select r.app.id, count(r) from Riff r where r.app.id in :ids group by r.app.id", Object[].class)
                .setParameter("ids", appIds)
                .getResultStream()
                .collect(Collectors.toMap(row -> (Long) row[0], row -> (Long) row[1]));
    }

    public List<App> listNewestFirst(String userId) {
        return list("userId", Sort.descending("createdAt", "id"), userId);
    }

    public Optional<App> findByUserAndSlug(String userId, String slug) {
        return find("userId = ?1 and slug = ?2", userId, slug).firstResultOptional();
    }

    /** Finds the app and holds a share lock on it, so that it cannot be deleted until the transaction ends. */
    public Optional<App> findByUserAndSlugLocked(String userId, String slug) {
        return find("userId = ?1 and slug = ?2", userId, slug)
                .withLock(LockModeType.PESSIMISTIC_READ)
                .firstResultOptional();
    }

    /**
     * Inserts the app unless this user already has one with that slug.
     *
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(App app) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into apps (user_id, slug, name, github_url, created_at, created_by)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (user_id, slug) do nothing""")
                .setParameter(1, app.userId)
                .setParameter(2, app.slug)
                .setParameter(3, app.name)
                .setParameter(4, app.githubUrl)
                .setParameter(5, app.createdAt)
                .setParameter(6, app.createdBy)
                .executeUpdate();
        return inserted == 1;
    }
}

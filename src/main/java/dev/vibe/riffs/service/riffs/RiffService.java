package dev.vibe.riffs.service.riffs;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.NewRiff;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.lifecycle.RiffClaim;
import dev.vibe.riffs.service.lifecycle.RiffClaims.Claimed;
import dev.vibe.riffs.service.lifecycle.RiffClaims;
import dev.vibe.riffs.service.lifecycle.RuntimeStopService;
import dev.vibe.riffs.service.lifecycle.SessionIds;
import io.quarkus.logging.Log;

/** Riffs of one user's app: list, create or adopt, look up, delete. */
@ApplicationScoped
public class RiffService {

    private final AppRepository apps;
    private final RiffRepository riffs;
    private final RiffRuntimeService runtimes;
    private final RuntimeStopService stopper;
    private final RiffClaims claims;
    private final SessionIds sessionIds;
    private final RiffActivity activity;

    public RiffService(AppRepository apps, RiffRepository riffs, RiffRuntimeService runtimes, RuntimeStopService stopper,
            RiffClaims claims, SessionIds sessionIds, RiffActivity activity) {
        this.activity = activity;
        this.apps = apps;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.stopper = stopper;
        this.claims = claims;
        this.sessionIds = sessionIds;
    }

    /** Reads need no transaction: they run in the request's read-only session, with no Narayana or COMMIT round trip. */
    public List<Riff> list(String userId, String appSlug) {
        return riffs.listNewestFirst(app(userId, appSlug));
    }

    /**
     * A page of the app's riffs, newest first: up to {@code limit} riffs that come after the one at
     * ({@code afterCreatedAt}, {@code afterId}) in that order, or from the newest when {@code afterCreatedAt} is null.
     * No transaction, as above.
     */
    public List<Riff> page(String userId, String appSlug, Instant afterCreatedAt, long afterId, int limit) {
        return riffs.listPageNewestFirst(app(userId, appSlug), afterCreatedAt, afterId, limit);
    }

    /** The newest riffs that have a runtime, with their apps (the warm-up's sample). No transaction, as above. */
    public List<Riff> newestWithRuntime(int limit) {
        return riffs.newestWithRuntime(limit);
    }

    /** The user's riff, with its app; {@code App not found} or {@code Riff not found} otherwise. No transaction, as above. */
    public Riff get(String userId, String appSlug, String riffSlug) {
        return riffs.findOwned(userId, appSlug, riffSlug).orElseThrow(() -> {
            app(userId, appSlug);
            return ResourceNotFoundException.riff();
        });
    }

    /**
     * The user's riff, as {@link #get}, for a request that concerns it (get, reset, status, pause, resume):
     * records the activity, which holds off the idle pause and the cap's eviction. At most one write per riff per few
     * seconds, in a short transaction of its own.
     */
    public Riff use(String userId, String appSlug, String riffSlug) {
        Riff riff = get(userId, appSlug, riffSlug);
        activity.record(riff);
        return riff;
    }

    /** The user's riff, as {@link #get}, with its activity recorded now (a keep-alive): always written, never throttled. */
    public Riff keepAlive(String userId, String appSlug, String riffSlug) {
        Riff riff = get(userId, appSlug, riffSlug);
        activity.recordNow(riff);
        return riff;
    }

    /**
     * Creates the riff and starts its runtime, or adopts the existing riff with that slug (no second runtime).
     * A riff whose runtime could not be started is still created, with the error recorded on it.
     */
    public RiffCreation createOrAdopt(String userId, String appSlug, String riffSlug, String description) {
        Inserted inserted = insertOrFind(userId, appSlug, riffSlug, description);
        if (inserted.claim() == null) {
            return new RiffCreation(inserted.riff(), false);
        }
        return new RiffCreation(provisionInserted(inserted), true);
    }

    /**
     * Exactly one row whatever the concurrency: the database's unique key decides who creates. The creator's row
     * carries its claim, so that it provisions the runtime without another transaction first.
     */
    @Transactional
    Inserted insertOrFind(String userId, String appSlug, String riffSlug, String description) {
        App app = apps.findByUserAndSlugLocked(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
        return insertInto(app, riffSlug, description);
    }

    /** Inserts the riff into the app, in the caller's transaction, unless the app has a riff of that slug already. */
    @Transactional(TxType.MANDATORY)
    Inserted insertInto(App app, String riffSlug, String description) {
        String storedDescription = description == null || description.isBlank() ? null : description.strip();
        String token = RiffClaim.newToken();
        NewRiff row = new NewRiff(app.userId, riffSlug, storedDescription, sessionIds.of(app.userId, app.slug, riffSlug), Clock.now());
        boolean created = riffs.insertIfAbsent(app, row, token, claims.ttl());
        Riff riff = riffs.findByAppAndSlug(app, riffSlug).orElseThrow(ResourceNotFoundException::riff);
        Log.infof(created ? "Riff %s/%s created" : "Riff %s/%s adopted", app.slug, riffSlug);
        return new Inserted(riff, created ? new RiffClaim(riff.id, token) : null);
    }

    /**
     * Gives a riff just inserted (its creator's claim on it, its transaction committed) its runtime; a failure is recorded
     * on the riff, which is answered as it is then.
     */
    Riff provisionInserted(Inserted inserted) {
        return runtimes.provision(new Claimed(inserted.claim(), inserted.riff())).orElse(inserted.riff());
    }

    /** Deletes the riff; its runtime is stopped now if the runtime-api allows, later otherwise, never forgotten. */
    @Transactional
    public void delete(String userId, String appSlug, String riffSlug) {
        Riff riff = riffs.findByAppAndSlugLocked(app(userId, appSlug), riffSlug).orElseThrow(ResourceNotFoundException::riff);
        stopper.owe(riff, RuntimeActor.REQUEST, "riff deleted");
        riffs.delete(riff);
        Log.infof("Riff %s/%s deleted", appSlug, riffSlug);
    }

    private App app(String userId, String appSlug) {
        return apps.findByUserAndSlug(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
    }

    /** A riff row, and the creator's claim on it (null when the riff existed already). */
    record Inserted(Riff riff, RiffClaim claim) {
    }
}

package dev.vibe.riffs.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.NewRiff;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.service.RiffClaims.Claimed;
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
        Riff provisioned = runtimes.provision(new Claimed(inserted.claim(), inserted.riff())).orElse(inserted.riff());
        return new RiffCreation(provisioned, true);
    }

    /**
     * Exactly one row whatever the concurrency: the database's unique key decides who creates. The creator's row
     * carries its claim, so that it provisions the runtime without another transaction first.
     */
    @Transactional
    Inserted insertOrFind(String userId, String appSlug, String riffSlug, String description) {
        App app = apps.findByUserAndSlugLocked(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
        String storedDescription = description == null || description.isBlank() ? null : description.strip();
        String token = RiffClaim.newToken();
        NewRiff row = new NewRiff(userId, riffSlug, storedDescription, sessionIds.of(userId, appSlug, riffSlug), Clock.now());
        boolean created = riffs.insertIfAbsent(app, row, token, claims.ttl());
        Riff riff = riffs.findByAppAndSlug(app, riffSlug).orElseThrow(ResourceNotFoundException::riff);
        Log.infof(created ? "Riff %s/%s created" : "Riff %s/%s adopted", appSlug, riffSlug);
        return new Inserted(riff, created ? new RiffClaim(riff.id, token) : null);
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

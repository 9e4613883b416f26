package dev.vibe.riffs.service.riffs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.lifecycle.RuntimeStopService;
import io.quarkus.logging.Log;

/** Apps of one user: list, create (with the initial riff), look up, delete. */
@ApplicationScoped
public class AppService {

    private final AppRepository apps;
    private final RiffRepository riffs;
    private final RuntimeStopService stopper;
    private final RiffService riffService;
    private final InitialRiffTemplate initialRiffs;

    public AppService(AppRepository apps, RiffRepository riffs, RuntimeStopService stopper, RiffService riffService,
            InitialRiffTemplate initialRiffs) {
        this.apps = apps;
        this.riffs = riffs;
        this.stopper = stopper;
        this.riffService = riffService;
        this.initialRiffs = initialRiffs;
    }

    /** Reads need no transaction: they run in the request's read-only session, with no Narayana or COMMIT round trip. */
    public List<CountedApp> list(String userId) {
        List<App> listed = apps.listNewestFirst(userId);
        Map<Long, Long> counts = apps.riffCounts(listed.stream().map(app -> app.id).toList());
        return listed.stream().map(app -> new CountedApp(app, counts.getOrDefault(app.id, 0L))).toList();
    }

    /** The app, without its riff count: what every request on its riffs needs. */
    public App get(String userId, String slug) {
        return apps.findByUserAndSlug(userId, slug).orElseThrow(ResourceNotFoundException::app);
    }

    public CountedApp getCounted(String userId, String slug) {
        App app = get(userId, slug);
        return new CountedApp(app, apps.riffCounts(List.of(app.id)).getOrDefault(app.id, 0L));
    }

    /**
     * Creates the app and, unless {@code vibe.apps.initial-riff-slug} is empty, its initial riff, in one transaction; the
     * riff's runtime is provisioned once that has committed, as any new riff's is. Nothing about the initial riff fails the
     * app's creation: what went wrong is in the warnings.
     */
    public AppCreation create(String userId, NewApp newApp) {
        List<String> warnings = new ArrayList<>();
        String initialSlug = initialRiffs.slugFor(newApp.slug()).orElse(null);
        if (initialSlug != null && !InitialRiffTemplate.fits(initialSlug)) {
            warnings.add("Initial riff not created: \"" + initialSlug + "\" would be longer than " + InitialRiffTemplate.MAX_SLUG_LENGTH
                    + " characters");
            initialSlug = null;
        }
        Created created = insert(userId, newApp, initialSlug);
        Riff initial = created.initialRiff() == null ? null : provisionInitialRiff(created.initialRiff(), warnings);
        return new AppCreation(created.app(), initial, warnings);
    }

    @Transactional
    Created insert(String userId, NewApp newApp, String initialSlug) {
        App app = new App();
        app.userId = userId;
        app.slug = newApp.slug();
        app.name = newApp.name() == null || newApp.name().isBlank() ? newApp.slug() : newApp.name().strip();
        app.githubUrl = newApp.githubUrl() == null || newApp.githubUrl().isBlank() ? null : newApp.githubUrl().strip();
        app.createdAt = Clock.now();
        app.createdBy = userId;
        if (!apps.insertIfAbsent(app)) {
            throw new ConflictException("App with slug \"" + newApp.slug() + "\" already exists");
        }
        Log.infof("App %s created", app.slug);
        App stored = get(userId, app.slug);
        if (initialSlug == null) {
            return new Created(stored, null);
        }
        return new Created(stored, riffService.insertInto(stored, initialSlug, null));
    }

    private Riff provisionInitialRiff(RiffService.Inserted inserted, List<String> warnings) {
        Riff riff;
        try {
            riff = riffService.provisionInserted(inserted);
        } catch (RuntimeException e) {
            // The app and its riff are committed: the reconciler gives the riff its runtime later.
            Log.warnf("Initial riff %d has no runtime yet: %s", inserted.riff().id, e.getClass().getSimpleName());
            riff = inserted.riff();
        }
        // No runtime, and none on its way (a start still going on in the background is on its way).
        if (riff.runtimeId == null && riff.runtimeStatus != RuntimeStatus.STARTING) {
            warnings.add("Initial riff \"" + riff.slug + "\" has no runtime yet"
                    + (riff.runtimeError == null ? "" : " (" + riff.runtimeError + ")") + "; it gets one as soon as possible");
        }
        return riff;
    }

    /** The app, and its initial riff with its creator's claim on it (null when there is none). */
    record Created(App app, RiffService.Inserted initialRiff) {
    }

    /** Deletes the app and its riffs; their runtimes are stopped now if the runtime-api allows, later otherwise. */
    @Transactional
    public void delete(String userId, String slug) {
        App app = apps.findByUserAndSlug(userId, slug).orElseThrow(ResourceNotFoundException::app);
        List<Riff> riffsOfApp = riffs.lockAllOf(app);
        riffsOfApp.forEach(riff -> stopper.owe(riff, RuntimeActor.REQUEST, "app deleted"));
        apps.delete("id", app.id); // a bulk delete: the database deletes the riffs with it
        Log.infof("App %s deleted with its %d riffs", slug, riffsOfApp.size());
    }
}

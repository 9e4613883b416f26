package dev.vibe.riffs.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.logging.Log;

/** Apps of one user: list, create, look up, delete. */
@ApplicationScoped
public class AppService {

    private final AppRepository apps;
    private final RiffRepository riffs;
    private final RuntimeStopService stopper;

    public AppService(AppRepository apps, RiffRepository riffs, RuntimeStopService stopper) {
        this.apps = apps;
        this.riffs = riffs;
        this.stopper = stopper;
    }

    /** Reads need no transaction: they run in the request's read-only session, with no Narayana or COMMIT round trip. */
    public List<App> list(String userId) {
        return apps.listNewestFirst(userId);
    }

    public App get(String userId, String slug) {
        return apps.findByUserAndSlug(userId, slug).orElseThrow(ResourceNotFoundException::app);
    }

    @Transactional
    public App create(String userId, NewApp newApp) {
        App app = new App();
        app.userId = userId;
        app.slug = newApp.slug();
        app.name = newApp.name() == null || newApp.name().isBlank() ? newApp.slug() : newApp.name().strip();
        app.githubUrl = newApp.githubUrl() == null || newApp.githubUrl().isBlank() ? null : newApp.githubUrl().strip();
        app.createdAt = Clock.now();
        app.createdBy = userId;
        if (!apps.insertIfAbsent(app)) {
            throw new ConflictException("App with slug '" + newApp.slug() + "' already exists");
        }
        Log.infof("App %s created", app.slug);
        return get(userId, app.slug);
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

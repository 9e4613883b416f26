package dev.vibe.riffs.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffLocks;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.logging.Log;

/** Riffs of one user's app: list, create or adopt, look up, delete. */
@ApplicationScoped
public class RiffService {

    private final AppRepository apps;
    private final RiffRepository riffs;
    private final RiffRuntimeService runtimes;
    private final RuntimeStopService stopper;

    public RiffService(AppRepository apps, RiffRepository riffs, RiffRuntimeService runtimes, RuntimeStopService stopper) {
        this.apps = apps;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.stopper = stopper;
    }

    @Transactional
    public List<Riff> list(String userId, String appSlug) {
        return riffs.listNewestFirst(app(userId, appSlug));
    }

    @Transactional
    public Riff get(String userId, String appSlug, String riffSlug) {
        return riffs.findByAppAndSlug(app(userId, appSlug), riffSlug).orElseThrow(ResourceNotFoundException::riff);
    }

    /**
     * Creates the riff and starts its runtime, or adopts the existing riff with that slug (no second runtime).
     * A riff whose runtime could not be started is still created, with the error recorded on it.
     */
    public RiffCreation createOrAdopt(String userId, String appSlug, String riffSlug, String description) {
        RiffCreation creation = insertOrFind(userId, appSlug, riffSlug, description);
        if (!creation.created()) {
            return creation;
        }
        Riff provisioned = runtimes.provision(creation.riff().id, RiffLocks.WAIT).orElse(creation.riff());
        return new RiffCreation(provisioned, true);
    }

    /** Exactly one row whatever the concurrency: the database's unique key decides who creates. */
    @Transactional
    RiffCreation insertOrFind(String userId, String appSlug, String riffSlug, String description) {
        App app = apps.findByUserAndSlugLocked(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
        String storedDescription = description == null || description.isBlank() ? null : description.strip();
        boolean created = riffs.insertIfAbsent(app, riffSlug, storedDescription, userId, Clock.now());
        Riff riff = riffs.findByAppAndSlug(app, riffSlug).orElseThrow(ResourceNotFoundException::riff);
        Log.infof(created ? "Riff %s/%s created" : "Riff %s/%s adopted", appSlug, riffSlug);
        return new RiffCreation(riff, created);
    }

    /** Deletes the riff; its runtime is stopped now if the runtime-api allows, later otherwise, never forgotten. */
    public void delete(String userId, String appSlug, String riffSlug) {
        String runtimeToStop = deleteOwingStop(userId, appSlug, riffSlug);
        if (runtimeToStop != null) {
            stopper.stopSoon(List.of(runtimeToStop));
        }
    }

    @Transactional
    String deleteOwingStop(String userId, String appSlug, String riffSlug) {
        Riff riff = riffs.findByAppAndSlugLocked(app(userId, appSlug), riffSlug).orElseThrow(ResourceNotFoundException::riff);
        String owed = stopper.owe(riff);
        riffs.delete(riff);
        Log.infof("Riff %s/%s deleted", appSlug, riffSlug);
        return owed;
    }

    private App app(String userId, String appSlug) {
        return apps.findByUserAndSlug(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
    }
}

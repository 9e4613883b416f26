package dev.vibe.riffs.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.logging.Log;

/** Riffs of one user's app: list, create or adopt, look up, delete. */
@ApplicationScoped
public class RiffService {

    private final AppRepository apps;
    private final RiffRepository riffs;

    public RiffService(AppRepository apps, RiffRepository riffs) {
        this.apps = apps;
        this.riffs = riffs;
    }

    @Transactional
    public List<Riff> list(String userId, String appSlug) {
        return riffs.listNewestFirst(app(userId, appSlug));
    }

    @Transactional
    public Riff get(String userId, String appSlug, String riffSlug) {
        return riffs.findByAppAndSlug(app(userId, appSlug), riffSlug).orElseThrow(ResourceNotFoundException::riff);
    }

    /** Creates the riff, or adopts the existing one with that slug; exactly one row whatever the concurrency. */
    @Transactional
    public RiffCreation createOrAdopt(String userId, String appSlug, String riffSlug, String description) {
        App app = apps.findByUserAndSlugLocked(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
        String storedDescription = description == null || description.isBlank() ? null : description.strip();
        boolean created = riffs.insertIfAbsent(app, riffSlug, storedDescription, userId, Clock.now());
        Riff riff = riffs.findByAppAndSlug(app, riffSlug).orElseThrow(ResourceNotFoundException::riff);
        Log.infof(created ? "Riff %s/%s created" : "Riff %s/%s adopted", appSlug, riffSlug);
        return new RiffCreation(riff, created);
    }

    @Transactional
    public void delete(String userId, String appSlug, String riffSlug) {
        Riff riff = riffs.findByAppAndSlug(app(userId, appSlug), riffSlug).orElseThrow(ResourceNotFoundException::riff);
        riffs.delete(riff);
        Log.infof("Riff %s/%s deleted", appSlug, riffSlug);
    }

    private App app(String userId, String appSlug) {
        return apps.findByUserAndSlug(userId, appSlug).orElseThrow(ResourceNotFoundException::app);
    }
}

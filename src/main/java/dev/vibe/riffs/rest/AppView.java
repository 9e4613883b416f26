package dev.vibe.riffs.rest;

import java.time.Instant;

import dev.vibe.riffs.domain.App;

/** The app object of the API. */
public record AppView(String slug, String name, String githubUrl, Instant createdAt, String createdBy, long riffCount) {

    static AppView of(App app) {
        return new AppView(app.slug, app.name, app.githubUrl, app.createdAt, app.createdBy, app.riffCount);
    }
}

package dev.vibe.riffs.rest.apps;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.service.riffs.CountedApp;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The app object of the API. Every property is always there; only {@code github_url} may be null. */
@Schema(description = "An app of the user")
@RegisterForReflection
public record AppView(
        @Schema(required = true, example = "my-app") String slug,
        @Schema(required = true, description = "Display name; the slug when none was given", example = "My App") String name,
        @Schema(required = true, nullable = true, example = "https://github.com/acme/my-app") String githubUrl,
        @Schema(required = true, description = "When the app was created (ISO-8601, UTC)") Instant createdAt,
        @Schema(required = true, description = "The X-User-UUID that created the app") String createdBy,
        @Schema(required = true, description = "How many riffs the app has") long riffCount) {

    static AppView of(CountedApp counted) {
        return of(counted.app(), counted.riffCount());
    }

    static AppView of(App app, long riffCount) {
        return new AppView(app.slug, app.name, app.githubUrl, app.createdAt, app.createdBy, riffCount);
    }
}

package dev.vibe.riffs.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Apps as this service creates them ({@code VIBE_APPS_*}). */
@ConfigMapping(prefix = "vibe.apps")
public interface AppsConfig {

    /**
     * Slug of the riff created with every app ({@code VIBE_APPS_INITIAL_RIFF_SLUG}), {@code {slug}} standing for the app's
     * slug. Vibe's frontend opens {@code rename-to-{slug}} right after creating an app (its template repositories are
     * renamed there), as the Flask backend created it. An empty value turns the initial riff off, for deployments that
     * do not use those templates. With the app's slug put in, it must be a valid slug: checked at start-up with a
     * one-letter app slug; a longer app slug that makes it longer than 63 characters gets no initial riff (a warning
     * says so).
     */
    @WithDefault("rename-to-{slug}")
    Optional<String> initialRiffSlug();
}

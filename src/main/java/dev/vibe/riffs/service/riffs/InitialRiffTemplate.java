package dev.vibe.riffs.service.riffs;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.vibe.riffs.config.AppsConfig;
import io.quarkus.runtime.Startup;

/**
 * The slug of the riff created with every app, from {@code vibe.apps.initial-riff-slug}. The template is checked at
 * start-up: an app slug put in it must give a valid slug, or the service does not start.
 */
@Startup
@Singleton
public class InitialRiffTemplate {

    /** The longest riff slug (the {@code riffs.slug} column, and the API's rule). */
    static final int MAX_SLUG_LENGTH = 63;

    private static final String PLACEHOLDER = "{slug}";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Optional<String> template;

    @Inject
    InitialRiffTemplate(AppsConfig config) {
        this(config.initialRiffSlug());
    }

    InitialRiffTemplate(Optional<String> template) {
        this.template = template.map(String::strip).filter(value -> !value.isEmpty());
        this.template.ifPresent(InitialRiffTemplate::check);
    }

    /** The initial riff's slug for an app, which may be too long ({@link #fits}); empty when there is no initial riff. */
    Optional<String> slugFor(String appSlug) {
        return template.map(value -> value.replace(PLACEHOLDER, appSlug));
    }

    static boolean fits(String riffSlug) {
        return riffSlug.length() <= MAX_SLUG_LENGTH;
    }

    /**
     * An app slug put in gives a valid slug for every valid app slug if it does for "a": a slug's parts are joined by
     * single hyphens, so putting one in where "a" gives a valid slug never makes a double or outer hyphen.
     */
    private static void check(String template) {
        String sample = template.replace(PLACEHOLDER, "a");
        if (!SLUG.matcher(sample).matches() || !fits(sample)) {
            throw new IllegalArgumentException("VIBE_APPS_INITIAL_RIFF_SLUG (vibe.apps.initial-riff-slug) must give a slug "
                    + "(lowercase letters, digits and single hyphens, at most " + MAX_SLUG_LENGTH + " characters) once {slug} "
                    + "is replaced by an app's slug, or be empty; it is '" + template + "'");
        }
    }
}

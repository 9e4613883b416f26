package dev.vibe.riffs.service.riffs;

/** What a user gives to create an app; {@code name} and {@code githubUrl} may be null. */
public record NewApp(String slug, String name, String githubUrl) {
}

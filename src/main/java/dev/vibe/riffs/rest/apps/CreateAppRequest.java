package dev.vibe.riffs.rest.apps;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.rest.ValidSlug;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new app; the slug is trimmed before it is checked, as the Flask backend did. */
@Schema(description = "A new app")
@RegisterForReflection
public record CreateAppRequest(
        @Schema(description = "Lowercase letters, digits and single hyphens, at most 63 characters (surrounding whitespace is trimmed)",
                example = "my-app", required = true)
        @ValidSlug(kind = "App") String slug,
        @Schema(description = "Display name; the slug when absent", example = "My App")
        @Size(max = 255, message = "App name must be at most 255 characters") String name,
        @Schema(description = "Repository of the app", example = "https://github.com/acme/my-app", nullable = true)
        @Size(max = 2048, message = "github_url must be at most 2048 characters") String githubUrl) {

    public CreateAppRequest {
        slug = slug == null ? null : slug.strip();
    }
}

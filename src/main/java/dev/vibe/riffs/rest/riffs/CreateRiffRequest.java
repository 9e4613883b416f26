package dev.vibe.riffs.rest.riffs;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.rest.ValidSlug;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new riff, or the slug of an existing one; the slug is trimmed before it is checked, as the Flask backend did. */
@Schema(description = "A new riff, or the slug of an existing one to adopt")
@RegisterForReflection
public record CreateRiffRequest(
        @Schema(description = "Lowercase letters, digits and single hyphens, at most 63 characters (surrounding whitespace is trimmed)",
                example = "fix-login", required = true)
        @ValidSlug(kind = "Riff") String slug,
        @Schema(description = "What the riff is about", example = "Fix the login redirect", nullable = true)
        @Size(max = 10000, message = "Riff description must be at most 10000 characters") String description) {

    public CreateRiffRequest {
        slug = slug == null ? null : slug.strip();
    }
}

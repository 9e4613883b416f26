package dev.vibe.riffs.rest;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A new riff, or the slug of an existing one to adopt")
public record CreateRiffRequest(
        @Schema(description = "Lowercase letters, digits and single hyphens, at most 63 characters", example = "fix-login", required = true)
        @ValidSlug(kind = "Riff") String slug,
        @Schema(description = "What the riff is about", example = "Fix the login redirect", nullable = true)
        @Size(max = 10000, message = "Riff description must be at most 10000 characters") String description) {
}

package dev.vibe.riffs.rest.riffs;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON envelopes of the riffs endpoints. */
public final class RiffResponses {

    private RiffResponses() {
    }

    @RegisterForReflection
    public record RiffList(
            @Schema(required = true, description = "Newest first") List<RiffView> riffs,
            @Schema(required = true, description = "How many riffs this answer holds (of the page, when paged)") int count,
            @Schema(required = true) String appSlug,
            @Schema(required = true, nullable = true, description = "Opaque cursor of the next page (pass it as cursor); null on the "
                    + "last page and when the list was asked for without limit or cursor")
            String nextCursor) {
    }

    @RegisterForReflection
    public record RiffSaved(
            @Schema(required = true, example = "Riff created successfully") String message,
            @Schema(required = true) RiffView riff) {
    }

    @RegisterForReflection
    public record OneRiff(@Schema(required = true) RiffView riff) {
    }

    @RegisterForReflection
    public record RiffKeptAlive(
            @Schema(required = true, example = "Keep-alive recorded") String message,
            @Schema(required = true) RiffView riff) {
    }

    @RegisterForReflection
    public record RiffDeleted(
            @Schema(required = true, example = "Riff \"fix-login\" deleted successfully") String message,
            @Schema(required = true) String riffSlug,
            @Schema(required = true) String appSlug) {
    }

    @RegisterForReflection
    public record RuntimeChanged(
            @Schema(required = true, example = "Runtime paused") String message,
            @Schema(required = true) RiffView riff,
            @Schema(required = true, nullable = true, description = "Null when the runtime-api no longer knows the runtime after a pause, "
                    + "or while the pause or resume is still under way (202: RUNTIME_API_CLIENT_WAIT passed)")
            RuntimeView runtime) {
    }

    /** A reset's answer: the Flask backend's message and ready, with the riff and its runtime as they are now. */
    @RegisterForReflection
    public record RiffReset(
            @Schema(required = true, example = "LLM reset successfully") String message,
            @Schema(required = true, description = "Whether the runtime is running and its agent server answers") boolean ready,
            @Schema(required = true) RiffView riff,
            @Schema(required = true, nullable = true, description = "Null when the runtime-api no longer knows the runtime, or while "
                    + "the reset's start or resume is still under way (202: RUNTIME_API_CLIENT_WAIT passed)")
            RuntimeView runtime) {
    }

    @RegisterForReflection
    public record RiffReadiness(
            @Schema(required = true, description = "Whether the riff's runtime is running and its agent server answers /alive")
            boolean ready) {
    }

    @RegisterForReflection
    public record RuntimeFound(
            @Schema(required = true, enumeration = "found") String status,
            @Schema(required = true) RuntimeView runtime) {
    }
}

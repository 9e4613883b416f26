package dev.vibe.riffs.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON envelopes of the riffs endpoints. */
public final class RiffResponses {

    private RiffResponses() {
    }

    public record RiffList(
            @Schema(required = true, description = "Newest first") List<RiffView> riffs,
            @Schema(required = true, description = "How many riffs this answer holds (of the page, when paged)") int count,
            @Schema(required = true) String appSlug,
            @Schema(required = true, nullable = true, description = "Opaque cursor of the next page (pass it as cursor); null on the "
                    + "last page and when the list was asked for without limit or cursor")
            String nextCursor) {
    }

    public record RiffSaved(
            @Schema(required = true, example = "Riff created successfully") String message,
            @Schema(required = true) RiffView riff) {
    }

    public record OneRiff(@Schema(required = true) RiffView riff) {
    }

    public record RiffKeptAlive(
            @Schema(required = true, example = "Keep-alive recorded") String message,
            @Schema(required = true) RiffView riff) {
    }

    public record RiffDeleted(
            @Schema(required = true, example = "Riff deleted successfully") String message,
            @Schema(required = true) String riffSlug,
            @Schema(required = true) String appSlug) {
    }

    public record RuntimeChanged(
            @Schema(required = true, example = "Agent reset successfully") String message,
            @Schema(required = true) RiffView riff,
            @Schema(required = true, nullable = true, description = "Null when the runtime-api no longer knows the runtime after a pause")
            RuntimeView runtime) {
    }

    public record RuntimeFound(
            @Schema(required = true, enumeration = "found") String status,
            @Schema(required = true) RuntimeView runtime) {
    }
}

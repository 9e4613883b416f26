package dev.vibe.riffs.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON envelopes of the apps endpoints. */
public final class AppResponses {

    private AppResponses() {
    }

    public record AppList(
            @Schema(required = true, description = "Newest first") List<AppView> apps,
            @Schema(required = true) int count) {
    }

    public record AppCreated(
            @Schema(required = true, example = "App created successfully") String message,
            @Schema(required = true) AppView app) {
    }

    public record OneApp(@Schema(required = true) AppView app) {
    }

    public record AppDeleted(
            @Schema(required = true, example = "App deleted successfully") String message,
            @Schema(required = true) String appSlug) {
    }
}

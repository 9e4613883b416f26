package dev.vibe.riffs.rest.apps;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.rest.riffs.RiffView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON envelopes of the apps endpoints. */
public final class AppResponses {

    private AppResponses() {
    }

    @RegisterForReflection
    public record AppList(
            @Schema(required = true, description = "Newest first") List<AppView> apps,
            @Schema(required = true) int count) {
    }

    @RegisterForReflection
    public record AppCreated(
            @Schema(required = true, example = "App created successfully") String message,
            @Schema(required = true) AppView app,
            @Schema(required = true, description = "What did not go as planned while the app was created, for people (its initial "
                    + "riff could not be made, or has no runtime yet); empty when all went well")
            List<String> warnings,
            @Schema(required = true, nullable = true, description = "The riff created with the app (VIBE_APPS_INITIAL_RIFF_SLUG, "
                    + "rename-to-{slug} by default); null when there is none")
            InitialRiff initialRiff) {
    }

    /** The riff created with an app. */
    @RegisterForReflection
    public record InitialRiff(@Schema(required = true) RiffView riff) {
    }

    @RegisterForReflection
    public record AppDeleted(
            @Schema(required = true, example = "App \"my-app\" deleted successfully") String message,
            @Schema(required = true) String appSlug) {
    }
}

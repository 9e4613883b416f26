package dev.vibe.riffs.rest.events;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.service.usage.UsageService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON of the runtime events and usage endpoints. */
public final class RuntimeEventResponses {

    static final String RUNNING_SECONDS = "Live time of the runtimes: starting or running (a runtime holds its resources from its "
            + "start, and a status stored as starting may be a runtime already running)";

    static final String STARTING_SECONDS = "The part of running_seconds the runtimes were starting";

    private RuntimeEventResponses() {
    }

    @RegisterForReflection
    public record RuntimeEventPage(
            @Schema(required = true, description = "Newest first") List<RuntimeEventView> events,
            @Schema(required = true) int count,
            @Schema(required = true, nullable = true, description = "Pass as before= for the next (older) page; null on the last page")
            Long nextBefore) {
    }

    /** The data of one {@code runtime} event of the stream. */
    @RegisterForReflection
    public record StreamedRuntimeEvent(
            @Schema(required = true) String appSlug,
            @Schema(required = true) String riffSlug,
            @Schema(required = true) long id,
            @Schema(required = true) Instant at,
            @Schema(required = true, nullable = true) String runtimeId,
            @Schema(required = true, nullable = true) String fromStatus,
            @Schema(required = true, nullable = true) String toStatus,
            @Schema(required = true) String reason,
            @Schema(required = true, enumeration = {"request", "reconciler", "policy"}) String actor,
            @Schema(required = true, nullable = true) String detail) {

        public static StreamedRuntimeEvent of(RuntimeEvent event) {
            return new StreamedRuntimeEvent(event.appSlug(), event.riffSlug(), event.id(), event.at(), event.runtimeId(), event.fromStatus(),
                    event.toStatus(), event.reason(), event.actor(), event.detail());
        }
    }

    @RegisterForReflection
    public record RiffUsage(
            @Schema(required = true) String riffSlug,
            @Schema(required = true, description = RUNNING_SECONDS) long runningSeconds,
            @Schema(required = true, description = STARTING_SECONDS) long startingSeconds,
            @Schema(required = true) long pausedSeconds,
            @Schema(required = true, description = "Runtimes started (reason started)") long starts,
            @Schema(required = true, description = "Runtimes resumed (reason resumed)") long resumes) {

        static RiffUsage of(UsageService.RiffUsage riff) {
            return new RiffUsage(riff.riffSlug(), riff.runningSeconds(), riff.startingSeconds(), riff.pausedSeconds(), riff.starts(),
                    riff.resumes());
        }
    }

    @RegisterForReflection
    public record AppUsage(
            @Schema(required = true) String appSlug,
            @Schema(required = true, description = RUNNING_SECONDS) long runningSeconds,
            @Schema(required = true, description = STARTING_SECONDS) long startingSeconds,
            @Schema(required = true) long pausedSeconds,
            @Schema(required = true) List<RiffUsage> riffs) {

        static AppUsage of(UsageService.AppUsage app) {
            return new AppUsage(app.appSlug(), app.runningSeconds(), app.startingSeconds(), app.pausedSeconds(),
                    app.riffs().stream().map(RiffUsage::of).toList());
        }
    }

    @RegisterForReflection
    public record Usage(
            @Schema(required = true) Instant from,
            @Schema(required = true) Instant to,
            @Schema(required = true, description = "The apps' running_seconds summed: live time, starting included") long totalRunningSeconds,
            @Schema(required = true) List<AppUsage> apps) {

        public static Usage of(Instant from, Instant to, UsageService.UserUsage usage) {
            return new Usage(from, to, usage.totalRunningSeconds(), usage.apps().stream().map(AppUsage::of).toList());
        }
    }
}

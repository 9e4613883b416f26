package dev.vibe.riffs.rest.events;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.riffs.domain.RuntimeEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One change of a riff's runtime, as the ledger keeps it. */
@RegisterForReflection
public record RuntimeEventView(
        @Schema(required = true, description = "Increasing; the stream's event id and the pages' cursor") long id,
        @Schema(required = true) Instant at,
        @Schema(required = true, nullable = true) String runtimeId,
        @Schema(required = true, nullable = true, description = "The stored runtime_status before the change") String fromStatus,
        @Schema(required = true, nullable = true, description = "The stored runtime_status after the change") String toStatus,
        @Schema(required = true) String reason,
        @Schema(required = true) String actor,
        @Schema(required = true, nullable = true, description = "Free text; never a secret") String detail) {

    public static RuntimeEventView of(RuntimeEvent event) {
        return new RuntimeEventView(event.id(), event.at(), event.runtimeId(), event.fromStatus(), event.toStatus(), event.reason(),
                event.actor(), event.detail());
    }
}

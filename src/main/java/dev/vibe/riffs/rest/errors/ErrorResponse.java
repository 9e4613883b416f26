package dev.vibe.riffs.rest.errors;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one error shape of the API: {@code {"error": "..."}}; runtime endpoints add a {@code status}, and a server
 * error an {@code error_id} to find it in the logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An error; status and error_id are there only when they apply")
@RegisterForReflection
public record ErrorResponse(
        @Schema(enumeration = { "not_found", "busy", "unavailable", "overloaded", "user_overloaded", "not_configured", "cap_reached" },
                description = "Runtime endpoints only: not_found (the riff has no runtime), busy (another request is changing "
                        + "the runtime), unavailable (the runtime-api failed), overloaded (this service's limit on runtime-api "
                        + "calls is reached), user_overloaded (this user's share of that limit is in use), not_configured (no "
                        + "runtime-api), cap_reached (the user's cap of running runtimes)")
        String status,
        @Schema(required = true, description = "What went wrong, for people", example = "App not found") String error,
        @Schema(description = "500 only: quote it when reporting the error; it is in the logs with the stack trace") String errorId) {

    public static ErrorResponse of(String error) {
        return new ErrorResponse(null, error, null);
    }

    /** An error of the runtime endpoints, which also say {@code status} ({@code not_found}, {@code unavailable}, ...). */
    public static ErrorResponse withStatus(String status, String error) {
        return new ErrorResponse(status, error, null);
    }
}

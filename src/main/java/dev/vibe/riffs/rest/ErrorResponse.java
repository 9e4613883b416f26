package dev.vibe.riffs.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error shape of the API: {@code {"error": "..."}}; runtime endpoints add a {@code status}, and a server
 * error an {@code error_id} to find it in the logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String status, String error, String errorId) {

    public static ErrorResponse of(String error) {
        return new ErrorResponse(null, error, null);
    }

    /** An error of the runtime endpoints, which also say {@code status} ({@code not_found}, {@code unavailable}, ...). */
    public static ErrorResponse withStatus(String status, String error) {
        return new ErrorResponse(status, error, null);
    }
}

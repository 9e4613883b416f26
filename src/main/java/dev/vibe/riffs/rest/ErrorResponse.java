package dev.vibe.riffs.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape of the API: {@code {"error": "..."}}, plus an id to find a server error in the logs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, String errorId) {

    public static ErrorResponse of(String error) {
        return new ErrorResponse(error, null);
    }
}

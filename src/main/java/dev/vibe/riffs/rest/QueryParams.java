package dev.vibe.riffs.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import dev.vibe.riffs.rest.errors.InvalidParameterException;

/** Parses query parameters, with a clear {@code 400} for a malformed or out-of-range value. */
public final class QueryParams {

    private QueryParams() {
    }

    public static long longIn(String name, String value, long absent, long min, long max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidParameterException(name + " must be an integer from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}, or with an offset). */
    public static Instant instant(String name, String value, Instant absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name + " must be an ISO-8601 date-time with an offset, such as 2026-01-31T12:00:00Z");
        }
    }
}

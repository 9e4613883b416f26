package dev.vibe.riffs.runtime;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotFoundException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;

/** The one place where runtime-api HTTP statuses become exceptions. */
final class RuntimeApiErrors {

    private RuntimeApiErrors() {
    }

    static RuntimeApiException of(int status, String retryAfterHeader) {
        return switch (status) {
            case 404 -> new RuntimeApiNotFoundException();
            case 429, 502, 503, 504 -> new RuntimeApiTransientException(status, retryAfter(retryAfterHeader));
            case 401, 403 -> new RuntimeApiException("runtime-api refused the API key (" + status + ")", status);
            default -> new RuntimeApiException("runtime-api answered " + status, status);
        };
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}

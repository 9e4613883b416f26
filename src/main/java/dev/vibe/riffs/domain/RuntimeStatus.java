package dev.vibe.riffs.domain;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The runtime status stored on a riff ({@code riffs.runtime_status}, and {@code from_status}/{@code to_status} of the
 * runtime events): the runtime-api's word for the riff's runtime as last seen, or one of our own, {@link #MISSING} and
 * {@link #QUEUED}. A riff without a runtime and without a reservation has none (null).
 */
public enum RuntimeStatus {
    STARTING,
    RUNNING,
    PAUSED,
    STOPPED,
    ERROR,
    /** The runtime-api answered a status we do not know. */
    UNKNOWN,
    /** The runtime-api no longer knows the riff's runtime. */
    MISSING,
    /** No runtime until a slot of the user's cap frees. */
    QUEUED;

    /** The word stored and shown in the API. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a stored word names: null for null, {@link #UNKNOWN} for a word that is not ours. */
    public static RuntimeStatus of(String stored) {
        if (stored == null) {
            return null;
        }
        for (RuntimeStatus status : values()) {
            if (status.wire().equals(stored)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** The word of a status, null for none. */
    public static String wireOf(RuntimeStatus status) {
        return status == null ? null : status.wire();
    }

    /** Whether a riff with this status holds a slot of its user's cap: its runtime is starting or running (or reserved to be). */
    public static boolean holdsSlot(RuntimeStatus status) {
        return status == STARTING || status == RUNNING;
    }

    /** Whether the riff's runtime exists and can be used, now or after it starts or resumes. */
    public static boolean alive(RuntimeStatus status) {
        return status == STARTING || status == RUNNING || status == PAUSED;
    }

    /** Whether the riff's runtime is known to be gone (stopped, or missing at the runtime-api): no refresh looks at it. */
    public static boolean gone(RuntimeStatus status) {
        return status == STOPPED || status == MISSING;
    }

    /** Stores the status as its word. */
    @Converter
    public static class Column implements AttributeConverter<RuntimeStatus, String> {

        @Override
        public String convertToDatabaseColumn(RuntimeStatus status) {
            return wireOf(status);
        }

        @Override
        public RuntimeStatus convertToEntityAttribute(String stored) {
            return of(stored);
        }
    }
}

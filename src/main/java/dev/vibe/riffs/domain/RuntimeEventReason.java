package dev.vibe.riffs.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a riff's runtime changed, as a runtime event ({@code runtime_events.reason}) records it. */
public enum RuntimeEventReason {
    STARTED,
    START_FAILED,
    ADOPTED,
    RESUMED,
    PAUSED,
    IDLE_PAUSED,
    CAP_PAUSED,
    QUEUED,
    OBSERVED,
    STOP_OWED,
    STOPPED,
    ORPHAN_STOPPED,
    MISSING;

    /** The word stored and shown in the API. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

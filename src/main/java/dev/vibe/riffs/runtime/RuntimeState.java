package dev.vibe.riffs.runtime;

import java.util.Locale;

/** The runtime-api's {@code status}, the source of truth about a runtime; anything unexpected is {@link #UNKNOWN}. */
public enum RuntimeState {
    STARTING,
    RUNNING,
    PAUSED,
    STOPPED,
    ERROR,
    UNKNOWN;

    public static RuntimeState of(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "starting", "pending" -> STARTING;
            case "running" -> RUNNING;
            case "paused" -> PAUSED;
            case "stopped" -> STOPPED;
            case "error", "failed" -> ERROR;
            default -> UNKNOWN;
        };
    }

    /** A runtime that exists and can be used, now or after it starts or resumes. */
    public boolean alive() {
        return this == STARTING || this == RUNNING || this == PAUSED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

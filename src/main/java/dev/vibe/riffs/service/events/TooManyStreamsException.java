package dev.vibe.riffs.service.events;

/** This replica has as many open event streams as {@code runtime-events.max-streams} allows. */
public class TooManyStreamsException extends RuntimeException {

    public TooManyStreamsException() {
        super("Too many event streams on this replica; try again shortly");
    }
}

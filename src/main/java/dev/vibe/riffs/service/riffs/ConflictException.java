package dev.vibe.riffs.service.riffs;

/** The request conflicts with the current state, such as an app slug that this user has already taken. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}

package dev.vibe.riffs.rest.errors;

/** A query parameter that is malformed or out of range: a {@code 400} with the message. */
public class InvalidParameterException extends RuntimeException {

    public InvalidParameterException(String message) {
        super(message);
    }
}

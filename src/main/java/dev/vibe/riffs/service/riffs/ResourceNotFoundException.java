package dev.vibe.riffs.service.riffs;

/** The app or riff does not exist for this user (another user's data is "not found" too, never "forbidden"). */
public class ResourceNotFoundException extends RuntimeException {

    private ResourceNotFoundException(String message) {
        super(message, null, false, false);
    }

    public static ResourceNotFoundException app() {
        return new ResourceNotFoundException("App not found");
    }

    public static ResourceNotFoundException riff() {
        return new ResourceNotFoundException("Riff not found");
    }
}

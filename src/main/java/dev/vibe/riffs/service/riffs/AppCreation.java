package dev.vibe.riffs.service.riffs;

import java.util.List;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.Riff;

/**
 * A created app, its initial riff (null when there is none) and what did not go as planned on the way (no runtime
 * for the initial riff yet, say), for people.
 */
public record AppCreation(App app, Riff initialRiff, List<String> warnings) {

    /** A new app's riffs: its initial one, if it has one. */
    public long riffCount() {
        return initialRiff == null ? 0 : 1;
    }
}

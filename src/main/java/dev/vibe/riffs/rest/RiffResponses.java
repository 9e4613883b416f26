package dev.vibe.riffs.rest;

import java.util.List;

/** The JSON envelopes of the riffs endpoints. */
public final class RiffResponses {

    private RiffResponses() {
    }

    public record RiffList(List<RiffView> riffs, int count, String appSlug) {
    }

    public record RiffSaved(String message, RiffView riff) {
    }

    public record OneRiff(RiffView riff) {
    }

    public record RiffKeptAlive(String message, RiffView riff) {
    }

    public record RiffDeleted(String message, String riffSlug, String appSlug) {
    }

    public record RuntimeChanged(String message, RiffView riff, RuntimeView runtime) {
    }

    public record RuntimeFound(String status, RuntimeView runtime) {
    }
}

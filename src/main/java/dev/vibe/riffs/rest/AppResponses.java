package dev.vibe.riffs.rest;

import java.util.List;

/** The JSON envelopes of the apps endpoints. */
public final class AppResponses {

    private AppResponses() {
    }

    public record AppList(List<AppView> apps, int count) {
    }

    public record AppCreated(String message, AppView app) {
    }

    public record OneApp(AppView app) {
    }

    public record AppDeleted(String message, String appSlug) {
    }
}

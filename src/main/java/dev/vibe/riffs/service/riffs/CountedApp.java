package dev.vibe.riffs.service.riffs;

import dev.vibe.riffs.domain.App;

/** An app with how many riffs it has, for the answers that show the count. */
public record CountedApp(App app, long riffCount) {
}

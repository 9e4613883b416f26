package dev.vibe.riffs.domain;

/** A riff's runtime time in a range, from the ledger. */
public record RiffUsageRow(String appSlug, String riffSlug, double runningSeconds, double pausedSeconds, long starts, long resumes) {
}

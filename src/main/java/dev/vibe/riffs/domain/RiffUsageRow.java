package dev.vibe.riffs.domain;

/**
 * A riff's runtime time in a range, from the ledger: {@code runningSeconds} is its live time (starting or running),
 * {@code startingSeconds} the part of it the runtime was starting.
 */
public record RiffUsageRow(String appSlug, String riffSlug, double runningSeconds, double startingSeconds, double pausedSeconds, long starts,
        long resumes) {
}

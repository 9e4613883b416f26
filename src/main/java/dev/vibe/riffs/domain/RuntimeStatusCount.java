package dev.vibe.riffs.domain;

/** How many riffs have this stored runtime status ({@code none} for riffs without a runtime). */
public record RuntimeStatusCount(String status, long riffs) {
}

package dev.vibe.riffs.service.lifecycle;

/** A stop written down in the current transaction; {@link RuntimeStopService} tries it once the transaction commits. */
record RuntimeStopOwed(String runtimeId) {
}

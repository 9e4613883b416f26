package dev.vibe.riffs.domain;

import java.util.Set;

/**
 * What the database says about some runtimes of the runtime-api's {@code /list} and their sessions, read at one
 * moment.
 *
 * @param heldRuntimes the runtime ids that a riff holds
 * @param stoppingRuntimes the runtime ids whose stop is owed
 * @param riffSessions the session ids that are some riff's
 * @param adoptingSessions the session ids of a riff that has no runtime or is claimed now: that riff's request or
 *        reconciler looks its session up and adopts its live runtime
 */
public record ListedRuntimeFacts(Set<String> heldRuntimes, Set<String> stoppingRuntimes, Set<String> riffSessions,
        Set<String> adoptingSessions) {
}

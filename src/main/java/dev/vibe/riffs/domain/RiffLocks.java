package dev.vibe.riffs.domain;

/** How to take a riff's row lock: wait for it, or skip a riff that another transaction holds. */
public enum RiffLocks {
    WAIT,
    SKIP_LOCKED
}

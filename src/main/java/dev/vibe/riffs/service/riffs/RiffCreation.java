package dev.vibe.riffs.service.riffs;

import dev.vibe.riffs.domain.Riff;

/** The outcome of a create: the riff, and whether it is new or an existing one that was adopted. */
public record RiffCreation(Riff riff, boolean created) {
}

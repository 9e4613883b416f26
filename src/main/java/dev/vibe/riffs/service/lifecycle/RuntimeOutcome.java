package dev.vibe.riffs.service.lifecycle;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * A riff and its runtime as the runtime-api last described it, after a reset, pause or resume.
 *
 * @param usable whether the runtime is usable now: running, pod ready, agent server alive
 */
public record RuntimeOutcome(Riff riff, RuntimeInfo runtime, boolean usable) {
}

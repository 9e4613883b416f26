package dev.vibe.riffs.service.lifecycle;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * A riff and its runtime as the runtime-api last described it, after a reset, pause or resume.
 *
 * @param usable whether the runtime is usable now: running, pod ready, agent server alive
 * @param underWay whether the runtime-api calls outlasted {@code runtime-api.client-wait} and go on in the background,
 *        which records their outcome: the riff is then as the answer shows it, and the runtime null
 */
public record RuntimeOutcome(Riff riff, RuntimeInfo runtime, boolean usable, boolean underWay) {

    /** An outcome of calls that ended within the client's wait. */
    public RuntimeOutcome(Riff riff, RuntimeInfo runtime, boolean usable) {
        this(riff, runtime, usable, false);
    }

    /** The answer while the runtime-api calls go on in the background: the riff as shown, no runtime yet. */
    public static RuntimeOutcome stillUnderWay(Riff riff) {
        return new RuntimeOutcome(riff, null, false, true);
    }
}

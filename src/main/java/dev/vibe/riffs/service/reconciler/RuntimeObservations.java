package dev.vibe.riffs.service.reconciler;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.lifecycle.RuntimeFields;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder;

/**
 * The one place that records what a look-up outside any claim learnt about a riff's runtime (a live status look-up, a
 * reset's polling, a readiness check, the cap's look at a user's runtimes): written only when it differs from what is
 * stored (status, URL, session key), in a short transaction of its own, with its event ({@code observed} or
 * {@code missing}), unless the riff moved to another runtime, a newer observation was stored meanwhile, or someone
 * holds a claim on the riff (it is being changed, and the claimant records the outcome). Decisions
 * that read stored statuses (the cap, the idle pause, eviction) then see what requests saw.
 */
@ApplicationScoped
public class RuntimeObservations {

    private final RuntimeRecorder recorder;

    RuntimeObservations(RuntimeRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Records what a request's look-up of the riff's runtime answered.
     *
     * @param riff the riff as the request read it (its {@code runtimeId} is the runtime looked up)
     * @param seen the runtime-api's answer; empty when it does not know the runtime
     * @param askedAt when the look-up was made (before the call), so that an older answer never overwrites a newer one
     * @return the riff as stored afterwards (the given one when nothing had to be written)
     */
    public Riff record(Riff riff, Optional<RuntimeInfo> seen, Instant askedAt) {
        return record(riff, seen, askedAt, RuntimeActor.REQUEST);
    }

    Riff record(Riff riff, Optional<RuntimeInfo> seen, Instant askedAt, RuntimeActor actor) {
        if (riff.runtimeId == null || !differs(riff, seen)) {
            return riff;
        }
        return recorder.recordObservation(riff.id, riff.runtimeId, seen, askedAt, actor).orElse(riff);
    }

    /** Whether the answer tells something the riff does not show yet. */
    static boolean differs(Riff riff, Optional<RuntimeInfo> seen) {
        if (seen.isEmpty()) {
            return riff.runtimeStatus != RuntimeStatus.MISSING;
        }
        RuntimeInfo runtime = seen.get();
        return RuntimeFields.statusOf(runtime) != riff.runtimeStatus
                || (runtime.url() != null && !runtime.url().equals(riff.runtimeUrl))
                || (runtime.sessionApiKey() != null && !runtime.sessionApiKey().equals(riff.sessionApiKey));
    }
}

package dev.vibe.riffs.service.lifecycle;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.Clock;

/** Writes what the runtime-api said about a riff's runtime onto the riff. */
public final class RuntimeFields {

    /** Why a riff answered while its runtime-api calls go on ({@code runtime-api.client-wait}) has no runtime yet. */
    public static final String STILL_STARTING = "Runtime still being started: the runtime-api has not answered yet; the riff shows the "
            + "runtime once it does";

    private static final int MAX_ERROR_LENGTH = 1000;

    private RuntimeFields() {
    }

    /** Also ends the riff's wait for a start: a riff with a runtime is due none (the schema checks it). */
    static void apply(Riff riff, RuntimeInfo runtime) {
        riff.runtimeId = runtime.runtimeId();
        riff.nextStartAt = null;
        if (runtime.url() != null) {
            riff.runtimeUrl = runtime.url();
        }
        if (runtime.sessionApiKey() != null) {
            riff.sessionApiKey = runtime.sessionApiKey();
        }
        riff.runtimeStatus = statusOf(runtime);
        riff.runtimeStatusAt = Clock.now();
        riff.runtimeError = null;
    }

    /** The stored status of a runtime as the runtime-api describes it. */
    public static RuntimeStatus statusOf(RuntimeInfo runtime) {
        return RuntimeStatus.valueOf(runtime.state().name());
    }

    static void status(Riff riff, RuntimeStatus status) {
        riff.runtimeStatus = status;
        riff.runtimeStatusAt = Clock.now();
    }

    static void failure(Riff riff, String error) {
        riff.runtimeError = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        riff.runtimeStatusAt = Clock.now();
    }
}

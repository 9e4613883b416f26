package dev.vibe.riffs.rest;

import java.util.List;

import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * A runtime object as the runtime-api gives it, limited to its known fields (fields the runtime-api may add are
 * not passed on, so that no other secret slips through). The session API key is the riff's own, and riffs are
 * only shown to the user who owns them.
 */
public record RuntimeView(
        String runtimeId,
        String sessionId,
        String url,
        String sessionApiKey,
        String status,
        String podStatus,
        String image,
        Integer restartCount,
        List<String> restartReasons) {

    static RuntimeView of(RuntimeInfo runtime) {
        return runtime == null ? null
                : new RuntimeView(runtime.runtimeId(), runtime.sessionId(), runtime.url(), runtime.sessionApiKey(),
                        runtime.status(), runtime.podStatus(), runtime.image(), runtime.restartCount(), runtime.restartReasons());
    }

    @Override
    public String toString() {
        return "RuntimeView[runtimeId=" + runtimeId + ", status=" + status + "]";
    }
}

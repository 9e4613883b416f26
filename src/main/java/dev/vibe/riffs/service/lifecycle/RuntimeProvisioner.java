package dev.vibe.riffs.service.lifecycle;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.runtime.StartRequests;
import io.quarkus.logging.Log;

/**
 * Finds a runtime for a riff's session: the runtime of the session that {@link SessionRuntimes} says is adopted (a
 * start that went through while its answer was lost, say), otherwise a new one. Callers hold a claim on the riff, which
 * makes look-up-then-start safe; nothing here touches the database but the check that a found runtime is not on its
 * way out.
 */
@ApplicationScoped
public class RuntimeProvisioner {

    private final RuntimeApiClient api;
    private final StartRequests startRequests;
    private final SessionRuntimes sessions;

    RuntimeProvisioner(RuntimeApiClient api, StartRequests startRequests, SessionRuntimes sessions) {
        this.api = api;
        this.startRequests = startRequests;
        this.sessions = sessions;
    }

    /**
     * @param resumePaused whether a paused runtime found for the session is resumed (a reset) or adopted as it is
     */
    public Provisioned adoptOrStart(String sessionId, boolean resumePaused) {
        Optional<RuntimeInfo> live = sessions.adoptable(sessionId);
        if (live.isEmpty()) {
            return new Provisioned(start(sessionId), true);
        }
        RuntimeInfo runtime = live.get();
        Log.infof("Session %s has runtime %s already: adopting it", sessionId, runtime.runtimeId());
        if (resumePaused && runtime.state() == RuntimeState.PAUSED) {
            Optional<RuntimeInfo> resumed = api.resume(runtime.runtimeId());
            return resumed.map(again -> new Provisioned(again, true)).orElseGet(() -> new Provisioned(start(sessionId), true));
        }
        return new Provisioned(runtime, false);
    }

    public RuntimeInfo start(String sessionId) {
        RuntimeInfo started = api.start(startRequests.of(sessionId));
        Log.infof("Started runtime %s for session %s", started.runtimeId(), sessionId);
        return started;
    }

    /**
     * @param ownedHere whether the runtime was started or resumed now, rather than found as it was
     */
    public record Provisioned(RuntimeInfo runtime, boolean ownedHere) {
    }
}

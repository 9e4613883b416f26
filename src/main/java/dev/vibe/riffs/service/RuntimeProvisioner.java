package dev.vibe.riffs.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStopRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.runtime.StartRequest;
import io.quarkus.logging.Log;

/**
 * Gives a riff a runtime: the live runtime of its session if there is one (a start that went through while
 * its answer was lost, say), otherwise a new one. {@code /start} is not idempotent, so the session is always
 * looked up first. Callers hold the riff's row lock, which makes look-up-then-start safe.
 */
@ApplicationScoped
class RuntimeProvisioner {

    private final RuntimeApiClient api;
    private final RuntimeApiConfig config;
    private final RuntimeStopRepository stops;

    RuntimeProvisioner(RuntimeApiClient api, RuntimeApiConfig config, RuntimeStopRepository stops) {
        this.api = api;
        this.config = config;
        this.stops = stops;
    }

    /**
     * @param resumePaused whether a paused runtime found for the session is resumed (a reset) or adopted as it is
     * @return the runtime now recorded on the riff
     */
    RuntimeInfo adoptOrStart(Riff riff, boolean resumePaused) {
        String sessionId = SessionIds.of(riff);
        Optional<RuntimeInfo> live = api.findSession(sessionId)
                .filter(runtime -> runtime.state().alive())
                .filter(runtime -> !stops.isPending(runtime.runtimeId()));
        RuntimeInfo runtime;
        if (live.isPresent()) {
            runtime = live.get();
            Log.infof("Riff %s adopts runtime %s of its session", riff.id, runtime.runtimeId());
            if (resumePaused && runtime.state() == RuntimeState.PAUSED) {
                runtime = api.resume(runtime.runtimeId()).orElseGet(() -> start(sessionId));
            }
        } else {
            runtime = start(sessionId);
        }
        RuntimeFields.apply(riff, runtime);
        return runtime;
    }

    private RuntimeInfo start(String sessionId) {
        RuntimeInfo started = api.start(new StartRequest(sessionId, config.image(), config.command(), config.workingDir(),
                config.environment(), config.resourceFactor(), config.runtimeClass().orElse(null)));
        Log.infof("Started runtime %s for session %s", started.runtimeId(), sessionId);
        return started;
    }
}

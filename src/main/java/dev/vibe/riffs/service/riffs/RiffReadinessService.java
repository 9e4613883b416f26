package dev.vibe.riffs.service.riffs;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.SharedAliveChecks;
import io.quarkus.logging.Log;

/**
 * Whether a riff's agent is ready, as Vibe's frontend asks every 30 s while the riff is open: its runtime is running
 * (a live look-up, shared with concurrent ones; the stored status follows it) and its agent server answers
 * {@code /alive} (shared likewise, and bounded). A runtime-api or agent server that is down or slow makes the answer
 * false, never an error.
 */
@ApplicationScoped
public class RiffReadinessService {

    private final RiffRuntimeService runtimes;
    private final SharedAliveChecks aliveChecks;

    RiffReadinessService(RiffRuntimeService runtimes, SharedAliveChecks aliveChecks) {
        this.runtimes = runtimes;
        this.aliveChecks = aliveChecks;
    }

    public boolean ready(Riff riff) {
        if (riff.runtimeId == null) {
            return false;
        }
        RuntimeInfo runtime;
        try {
            runtime = runtimes.liveStatus(riff);
        } catch (RuntimeNotFoundException | RuntimeApiException e) {
            Log.debugf("Riff %d is not ready: %s", riff.id, e.getMessage());
            return false;
        }
        if (!runtime.readyToServe()) {
            return false;
        }
        String url = runtime.url() != null ? runtime.url() : riff.runtimeUrl;
        String sessionApiKey = runtime.sessionApiKey() != null ? runtime.sessionApiKey() : riff.sessionApiKey;
        return aliveChecks.alive(url, sessionApiKey);
    }
}

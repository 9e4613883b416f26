package dev.vibe.riffs.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A runtime object as the runtime-api describes it, read leniently by {@link RuntimeAnswers}: a field of an unexpected
 * type is null here, and {@code restart_reasons}, which has no published shape, is kept as the JSON it was (null when
 * absent).
 */
@RegisterForReflection
public record RuntimeInfo(
        String runtimeId,
        String sessionId,
        String url,
        String sessionApiKey,
        String status,
        String podStatus,
        String image,
        Integer restartCount,
        JsonNode restartReasons) {

    public RuntimeState state() {
        return RuntimeState.of(status);
    }

    /** Running, with its pod ready: the agent server may answer (its {@code /alive} check has the last word). */
    public boolean readyToServe() {
        return state() == RuntimeState.RUNNING && "ready".equalsIgnoreCase(podStatus);
    }

    /** This runtime with another session key, when one is given (a resume's). */
    RuntimeInfo withSessionApiKey(String newKey) {
        return newKey == null ? this
                : new RuntimeInfo(runtimeId, sessionId, url, newKey, status, podStatus, image, restartCount, restartReasons);
    }

    @Override
    public String toString() {
        return "RuntimeInfo[runtimeId=" + runtimeId + ", sessionId=" + sessionId + ", status=" + status
                + ", podStatus=" + podStatus + "]";
    }
}

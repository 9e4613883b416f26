package dev.vibe.riffs.runtime;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A runtime object as the runtime-api answers it; unknown fields are ignored, {@code id} is taken for {@code runtime_id}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeInfo(
        @JsonAlias("id") String runtimeId,
        String sessionId,
        String url,
        String sessionApiKey,
        String status,
        String podStatus,
        String image,
        Integer restartCount,
        List<String> restartReasons) {

    public RuntimeState state() {
        return RuntimeState.of(status);
    }

    /** Running, with its pod ready: the agent server may answer (its {@code /alive} check has the last word). */
    public boolean readyToServe() {
        return state() == RuntimeState.RUNNING && "ready".equalsIgnoreCase(podStatus);
    }

    @Override
    public String toString() {
        return "RuntimeInfo[runtimeId=" + runtimeId + ", sessionId=" + sessionId + ", status=" + status
                + ", podStatus=" + podStatus + "]";
    }
}

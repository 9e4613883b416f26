package dev.vibe.riffs.simulator;

/**
 * What the simulated runtime-api would answer about one runtime at the moment the snapshot was taken.
 * {@link #toString()} leaves the session key out.
 */
public record SimulatedRuntime(
        String runtimeId,
        String sessionId,
        String url,
        String sessionApiKey,
        String status,
        String podStatus,
        String image) {

    /** Whether the runtime-api reports it usable: {@code running} and {@code ready}. */
    public boolean isReady() {
        return RuntimeStatus.RUNNING.equals(status) && RuntimeStatus.POD_READY.equals(podStatus);
    }

    @Override
    public String toString() {
        return "SimulatedRuntime[runtimeId=" + runtimeId + ", sessionId=" + sessionId + ", url=" + url
                + ", status=" + status + ", podStatus=" + podStatus + ", image=" + image + "]";
    }
}

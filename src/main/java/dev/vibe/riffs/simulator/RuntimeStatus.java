package dev.vibe.riffs.simulator;

/** The {@code status} and {@code pod_status} values the simulator reports. */
final class RuntimeStatus {

    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String PAUSED = "paused";
    static final String STOPPED = "stopped";

    static final String POD_PENDING = "pending";
    static final String POD_READY = "ready";
    static final String POD_NOT_FOUND = "not found";

    private RuntimeStatus() {
    }
}

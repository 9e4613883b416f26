package dev.vibe.riffs.simulator;

/** How the simulated runtime-api answers one request instead of serving it. */
record InjectedFault(int status, int retryAfterSeconds, boolean malformedJson) {

    private static final int NO_RETRY_AFTER = -1;

    static InjectedFault status(int status) {
        return new InjectedFault(status, NO_RETRY_AFTER, false);
    }

    static InjectedFault statusWithRetryAfter(int status, int retryAfterSeconds) {
        return new InjectedFault(status, retryAfterSeconds, false);
    }

    static InjectedFault malformedBody() {
        return new InjectedFault(200, NO_RETRY_AFTER, true);
    }

    boolean hasRetryAfter() {
        return retryAfterSeconds != NO_RETRY_AFTER;
    }
}

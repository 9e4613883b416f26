package dev.vibe.riffs.service;

import dev.vibe.riffs.runtime.RuntimeInfo;

/**
 * What the reconciler did for one claimed riff: found or started a runtime, failed (and when to try again), or
 * left it for later (the run stopped before its turn).
 */
record ProvisionOutcome(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere, String error, StartRetry retry) {

    static ProvisionOutcome provisioned(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere) {
        return new ProvisionOutcome(claim, sessionId, runtime, ownedHere, null, null);
    }

    static ProvisionOutcome failed(RiffClaim claim, String sessionId, String error, StartRetry retry) {
        return new ProvisionOutcome(claim, sessionId, null, false, error, retry);
    }

    static ProvisionOutcome skipped(RiffClaim claim, String sessionId) {
        return new ProvisionOutcome(claim, sessionId, null, false, null, null);
    }

    boolean provisioned() {
        return runtime != null;
    }
}

package dev.vibe.riffs.service.lifecycle;

import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.service.reconciler.StartRetry;

/**
 * What the reconciler did for one claimed riff: found or started a runtime, failed (and when to try again), or
 * left it for later (the run stopped before its turn).
 */
public record ProvisionOutcome(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere, String error, StartRetry retry) {

    public static ProvisionOutcome provisioned(RiffClaim claim, String sessionId, RuntimeInfo runtime, boolean ownedHere) {
        return new ProvisionOutcome(claim, sessionId, runtime, ownedHere, null, null);
    }

    public static ProvisionOutcome failed(RiffClaim claim, String sessionId, String error, StartRetry retry) {
        return new ProvisionOutcome(claim, sessionId, null, false, error, retry);
    }

    public static ProvisionOutcome skipped(RiffClaim claim, String sessionId) {
        return new ProvisionOutcome(claim, sessionId, null, false, null, null);
    }

    public boolean provisioned() {
        return runtime != null;
    }
}

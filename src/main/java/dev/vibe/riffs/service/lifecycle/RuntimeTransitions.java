package dev.vibe.riffs.service.lifecycle;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;
import io.quarkus.logging.Log;

/**
 * The moves of a riff's stored runtime status, in one place. The runtime-api is the source of truth, so a riff may
 * always move to what it says of the riff's runtime, or to {@code missing} when it no longer knows it. Our own
 * statuses are narrower: a riff is {@code queued} only while it holds no slot of its user's cap (not starting, not
 * running), and it has no status (null) only as a riff without a runtime has: from none, {@code queued}, or a
 * reservation ({@code starting}) given up.
 */
public final class RuntimeTransitions {

    private RuntimeTransitions() {
    }

    /** Whether a riff's stored status may move from {@code from} to {@code to} (null: no status). */
    public static boolean canMove(RuntimeStatus from, RuntimeStatus to) {
        if (to == null) {
            return from == null || from == RuntimeStatus.STARTING || from == RuntimeStatus.QUEUED;
        }
        if (to == RuntimeStatus.QUEUED) {
            return !RuntimeStatus.holdsSlot(from);
        }
        return true;
    }

    /**
     * Says so when a recorded move is not one of {@link #canMove}'s: the move is recorded anyway (what the runtime-api
     * said, or what our own decision did, is the state now), but the log shows that the rules and the code disagree.
     */
    static void check(Riff riff, RuntimeStatus from, RuntimeStatus to) {
        if (!canMove(from, to)) {
            Log.warnf("Riff %d moves from runtime status %s to %s, which the lifecycle does not expect", riff.id,
                    RuntimeStatus.wireOf(from), RuntimeStatus.wireOf(to));
        }
    }
}

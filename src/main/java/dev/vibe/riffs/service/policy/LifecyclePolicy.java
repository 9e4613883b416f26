package dev.vibe.riffs.service.policy;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;

/**
 * The lifecycle policy in effect: idle auto-pause ({@code runtime-api.idle-pause-after}), the per-user cap on starting
 * or running runtimes ({@code runtime-api.max-running-per-user}) and how idle a runtime must be before the cap may
 * evict it ({@code runtime-api.cap-evict-min-idle}), as configured. Everything here reads the values through their
 * accessors, so that tests may run with other values (a cap of 2, an idle pause after 1 s) through a CDI alternative
 * rather than a test profile of their own.
 */
@ApplicationScoped
public class LifecyclePolicy {

    private final RuntimeApiConfig config;

    protected LifecyclePolicy(RuntimeApiConfig config) {
        this.config = config;
    }

    /** How long a running runtime may be idle before it is paused; zero when idle pausing is off. */
    public Duration idlePauseAfter() {
        return config.idlePauseAfter();
    }

    public boolean idlePauseOn() {
        Duration after = idlePauseAfter();
        return !after.isZero() && !after.isNegative();
    }

    /** Most starting or running runtimes per user; 0 when there is no cap. */
    public int maxRunningPerUser() {
        return config.maxRunningPerUser();
    }

    public boolean capOn() {
        return maxRunningPerUser() > 0;
    }

    public Duration capEvictMinIdle() {
        return config.capEvictMinIdle();
    }

    /**
     * When the riff's runtime will be paused if nothing concerns the riff meanwhile: {@link #idleSince} plus the idle
     * limit (the reconciler's next run after that pauses it, once the runtime is running). Null when the runtime is
     * neither starting nor running, or idle pausing is off.
     */
    public Instant idlePauseAt(Riff riff) {
        if (!idlePauseOn() || !RuntimeStatus.holdsSlot(riff.runtimeStatus) || riff.runtimeId == null) {
            return null;
        }
        return idleSince(riff).plus(idlePauseAfter());
    }

    static Instant lastActive(Riff riff) {
        return riff.lastActivityAt != null ? riff.lastActivityAt : riff.createdAt;
    }

    /**
     * Since when the riff's runtime counts as idle: the later of the riff's last activity and the start (or resume,
     * or adoption) of its current runtime, so that a runtime just started for a riff untouched for long is not idle.
     * The idle pause, the cap's eviction and {@link #idlePauseAt} all count from it (so does the SQL of
     * {@code RiffClaimRepository} and {@code RiffSlotRepository}:
     * {@code greatest(coalesce(last_activity_at, created_at), runtime_started_at)}).
     */
    public static Instant idleSince(Riff riff) {
        Instant active = lastActive(riff);
        return riff.runtimeStartedAt != null && riff.runtimeStartedAt.isAfter(active) ? riff.runtimeStartedAt : active;
    }
}

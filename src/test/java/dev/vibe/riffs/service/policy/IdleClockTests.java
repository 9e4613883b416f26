package dev.vibe.riffs.service.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.config.ConfigStubs;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeStatus;

/**
 * The idle clock, without the application: a runtime is idle since the later of its riff's last activity (its creation
 * until then) and the start or resume of the runtime; the idle pause comes {@code idle-pause-after} later.
 */
class IdleClockTests {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

    private static Riff riff(Instant lastActivity, Instant runtimeStarted, RuntimeStatus status) {
        Riff riff = new Riff();
        riff.createdAt = CREATED;
        riff.lastActivityAt = lastActivity;
        riff.runtimeStartedAt = runtimeStarted;
        riff.runtimeStatus = status;
        riff.runtimeId = status == null ? null : "rt-1";
        return riff;
    }

    private static LifecyclePolicy policy(Duration idlePauseAfter) {
        return new LifecyclePolicy(ConfigStubs.of(RuntimeApiConfig.class, Map.of("idlePauseAfter", idlePauseAfter)));
    }

    @Test
    void idleSinceTheLastActivityWhenTheRuntimeStartedBefore() {
        Riff riff = riff(CREATED.plusSeconds(600), CREATED.plusSeconds(60), RuntimeStatus.RUNNING);
        assertThat(LifecyclePolicy.idleSince(riff)).isEqualTo(CREATED.plusSeconds(600));
    }

    @Test
    void idleSinceTheStartOrResumeWhenItCameAfterTheLastActivity() {
        Riff riff = riff(CREATED.plusSeconds(60), CREATED.plusSeconds(3600), RuntimeStatus.RUNNING);
        assertThat(LifecyclePolicy.idleSince(riff)).isEqualTo(CREATED.plusSeconds(3600));
    }

    @Test
    void idleSinceTheCreationWithoutActivityNorStart() {
        assertThat(LifecyclePolicy.idleSince(riff(null, null, RuntimeStatus.STARTING))).isEqualTo(CREATED);
        assertThat(LifecyclePolicy.idleSince(riff(null, CREATED.plusSeconds(5), RuntimeStatus.RUNNING))).isEqualTo(CREATED.plusSeconds(5));
    }

    @Test
    void pausedForIdlenessTheIdleLimitAfterIt() {
        Riff riff = riff(CREATED.plusSeconds(60), CREATED.plusSeconds(3600), RuntimeStatus.RUNNING);
        assertThat(policy(Duration.ofMinutes(15)).idlePauseAt(riff)).isEqualTo(CREATED.plusSeconds(3600 + 900));
    }

    @Test
    void noIdlePauseForARuntimeHoldingNoSlotNorWithIdlePausingOff() {
        LifecyclePolicy policy = policy(Duration.ofMinutes(15));
        assertThat(policy.idlePauseAt(riff(null, null, RuntimeStatus.PAUSED))).isNull();
        assertThat(policy.idlePauseAt(riff(null, null, RuntimeStatus.QUEUED))).isNull();
        assertThat(policy.idlePauseAt(riff(null, null, null))).isNull();
        assertThat(policy(Duration.ZERO).idlePauseAt(riff(null, null, RuntimeStatus.RUNNING))).isNull();
        assertThat(policy(Duration.ZERO).idlePauseOn()).isFalse();
    }
}

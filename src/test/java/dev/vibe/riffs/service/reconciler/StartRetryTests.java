package dev.vibe.riffs.service.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.config.ConfigStubs;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;

/** What a failed start means for the riff and the run, without the application: {@link StartRetry#after}. */
class StartRetryTests {

    private static final RuntimeApiConfig.Reconciler CONFIG = ConfigStubs.of(RuntimeApiConfig.Reconciler.class,
            Map.of("startBackoff", Duration.ofSeconds(10), "maxStartBackoff", Duration.ofSeconds(60)));

    @Test
    void aRefusalOfTheRiffCountsAsAnAttemptAndBacksOffMoreEachTime() {
        RuntimeApiException refused = new RuntimeApiException("runtime-api answered 400", 400);
        Instant before = Instant.now();

        StartRetry first = StartRetry.after(refused, 0, CONFIG);
        StartRetry third = StartRetry.after(refused, 2, CONFIG);

        assertThat(first.countsAsAttempt()).isTrue();
        assertThat(first.stopsRun()).isFalse();
        assertThat(first.slowDownFor()).isZero();
        assertThat(Duration.between(before, first.nextStartAt())).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));
        assertThat(Duration.between(before, third.nextStartAt())).isBetween(Duration.ofSeconds(39), Duration.ofSeconds(41));
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        assertThat(StartRetry.backoff(1, CONFIG)).isEqualTo(Duration.ofSeconds(10));
        assertThat(StartRetry.backoff(2, CONFIG)).isEqualTo(Duration.ofSeconds(20));
        assertThat(StartRetry.backoff(3, CONFIG)).isEqualTo(Duration.ofSeconds(40));
        assertThat(StartRetry.backoff(4, CONFIG)).isEqualTo(Duration.ofSeconds(60));
        assertThat(StartRetry.backoff(40, CONFIG)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anOutageStopsTheRunAndLeavesTheRiffDueWithoutAnAttempt() {
        for (RuntimeApiException outage : new RuntimeApiException[] {
                new RuntimeApiUnavailableException("circuit open", null), new RuntimeApiNotConfiguredException() }) {
            Instant before = Instant.now();
            StartRetry retry = StartRetry.after(outage, 3, CONFIG);
            assertThat(retry.stopsRun()).as(outage.getMessage()).isTrue();
            assertThat(retry.countsAsAttempt()).isFalse();
            assertThat(retry.nextStartAt()).isBetween(before.minusMillis(1), Instant.now());
        }
    }

    @Test
    void ourOwnCallLimitPausesTheRiffOneSecondWithoutAnAttempt() {
        Instant before = Instant.now();
        StartRetry retry = StartRetry.after(new RuntimeApiOverloadedException("limit reached"), 0, CONFIG);
        assertThat(retry.stopsRun()).isFalse();
        assertThat(retry.countsAsAttempt()).isFalse();
        assertThat(retry.slowDownFor()).isZero();
        assertThat(Duration.between(before, retry.nextStartAt())).isBetween(Duration.ofMillis(900), Duration.ofMillis(1100));
    }

    @Test
    void a429SlowsTheRunDownForItsRetryAfterOrFiveSeconds() {
        StartRetry told = StartRetry.after(new RuntimeApiTransientException(429, Duration.ofSeconds(7)), 0, CONFIG);
        StartRetry untold = StartRetry.after(new RuntimeApiTransientException(429, null), 0, CONFIG);
        StartRetry zero = StartRetry.after(new RuntimeApiTransientException(429, Duration.ZERO), 0, CONFIG);

        assertThat(told.slowDownFor()).isEqualTo(Duration.ofSeconds(7));
        assertThat(untold.slowDownFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(zero.slowDownFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(told.countsAsAttempt()).isFalse();
        assertThat(told.stopsRun()).isFalse();
    }

    @Test
    void a503IsTheRiffsOwnRefusalWhenTheRuntimeApiOtherwiseWorks() {
        StartRetry retry = StartRetry.after(new RuntimeApiTransientException(503, null), 0, CONFIG);
        assertThat(retry.countsAsAttempt()).isTrue();
        assertThat(retry.stopsRun()).isFalse();
    }
}

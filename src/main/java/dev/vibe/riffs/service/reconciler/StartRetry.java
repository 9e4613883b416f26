package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.time.Instant;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;
import dev.vibe.riffs.service.Clock;

/**
 * What a failed start means, for the riff and for the reconciler run that made it. A refusal of the riff's own
 * (a {@code 4xx}, a {@code 5xx} while the runtime-api otherwise works) counts as an attempt and pushes the riff's next
 * try back, more each time, so that a riff that always fails never delays another. An outage (no answer, an open
 * circuit), our own call limit or a {@code 429} is nobody's fault: the riff stays due, and the run stops or slows down.
 *
 * @param nextStartAt when the riff may be tried again
 * @param countsAsAttempt whether the riff's {@code start_attempts} grows
 * @param stopsRun whether the runtime-api is unavailable, so the run should stop
 * @param slowDownFor how long the run should make no further start (a {@code 429}); zero otherwise
 */
public record StartRetry(Instant nextStartAt, boolean countsAsAttempt, boolean stopsRun, Duration slowDownFor) {

    private static final Duration DEFAULT_SLOW_DOWN = Duration.ofSeconds(5);
    private static final Duration OVERLOAD_PAUSE = Duration.ofSeconds(1);

    public static StartRetry after(RuntimeApiException failure, int attemptsBefore, RuntimeApiConfig.Reconciler config) {
        Instant now = Clock.now();
        if (failure instanceof RuntimeApiOverloadedException) {
            return new StartRetry(now.plus(OVERLOAD_PAUSE), false, false, Duration.ZERO);
        }
        if (failure instanceof RuntimeApiNotConfiguredException || failure instanceof RuntimeApiUnavailableException) {
            return new StartRetry(now, false, true, Duration.ZERO);
        }
        if (failure instanceof RuntimeApiTransientException transientFailure && failure.status() == 429) {
            Duration wait = transientFailure.retryAfter().filter(after -> !after.isZero()).orElse(DEFAULT_SLOW_DOWN);
            return new StartRetry(now.plus(wait), false, false, wait);
        }
        return new StartRetry(now.plus(backoff(attemptsBefore + 1, config)), true, false, Duration.ZERO);
    }

    /** {@code start-backoff} after the first refusal, doubling, at most {@code max-start-backoff}. */
    static Duration backoff(int attempts, RuntimeApiConfig.Reconciler config) {
        Duration max = config.maxStartBackoff();
        Duration pause = config.startBackoff();
        for (int i = 1; i < attempts && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}

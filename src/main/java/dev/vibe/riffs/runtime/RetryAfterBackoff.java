package dev.vibe.riffs.runtime;

import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff between retries, except that a {@code Retry-After} from the runtime-api is honoured
 * (capped, so that a retry still fits in the call's budget).
 */
@RegisterForReflection
public class RetryAfterBackoff implements CustomBackoffStrategy {

    static final long MAX_DELAY_MILLIS = 5_000;

    private long nextDelay;

    @Override
    public void init(long initialDelayInMillis) {
        nextDelay = Math.max(initialDelayInMillis, 1);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = nextDelay;
        nextDelay = Math.min(nextDelay * 2, MAX_DELAY_MILLIS);
        if (cause instanceof RuntimeApiTransientException transientError && transientError.retryAfter().isPresent()) {
            return Math.min(transientError.retryAfter().get().toMillis(), MAX_DELAY_MILLIS);
        }
        return exponential;
    }
}

package dev.vibe.riffs.runtime.errors;

import java.time.Duration;
import java.util.Optional;

/** {@code 429}, {@code 502}, {@code 503} or {@code 504}: worth another try, after {@code Retry-After} when given. */
public class RuntimeApiTransientException extends RuntimeApiException {

    private final Duration retryAfter;

    public RuntimeApiTransientException(int status, Duration retryAfter) {
        super("runtime-api answered " + status, status);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package dev.vibe.riffs.service.policy;

import java.time.Duration;

/** A reset or resume needs a slot of its user's cap, and no runtime holding one has been idle long enough to pause. */
public class RuntimeCapReachedException extends RuntimeException {

    private final Duration retryAfter;

    public RuntimeCapReachedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the least recently active runtime holding a slot becomes evictable, if nothing concerns it meanwhile. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.vibe.riffs.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The warm-up before readiness ({@code VIBE_WARM_UP_*}): a started pod sends itself its hottest request (the runtime
 * status of a riff) for a while before it reports ready, so that the JIT has compiled its path when the Service sends
 * it traffic. Without it a new pod serves at a fraction of its speed for its first half-minute.
 */
@ConfigMapping(prefix = "vibe.warm-up")
public interface WarmUpConfig {

    /** How long the warm-up runs after start-up ({@code VIBE_WARM_UP_DURATION}); {@code 0} turns it off. */
    @WithDefault("10S")
    Duration duration();

    /**
     * Threads, each with one request in flight. Most of a request is the wait for the shared look-up, so it takes many
     * to keep the cores busy: 32 make 5,000-7,000 requests in 10 s on two cores.
     */
    @WithDefault("32")
    int threads();

    /**
     * How many of the newest riffs with a runtime it asks about, one at a time, so that its requests share one
     * runtime-api look-up in flight and the runtime-api sees about one look-up per call latency from a starting pod.
     */
    @WithDefault("16")
    int riffs();
}

package dev.vibe.riffs.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The warm-up before readiness ({@code VIBE_WARM_UP_*}): a started pod sends itself its hottest request (the runtime
 * status of a riff) before it reports ready, until the JIT compiler has caught up with it, so that its path is compiled
 * when the Service sends it traffic. Without it a new pod serves at a fraction of its speed for its first half-minute.
 */
@ConfigMapping(prefix = "vibe.warm-up")
public interface WarmUpConfig {

    /**
     * The longest the warm-up runs after start-up ({@code VIBE_WARM_UP_DURATION}); it ends sooner once the compiler has
     * caught up (26-28 s on the benchmark's two shared cores, sooner on cores of its own), and never before 5 s.
     * {@code 0} turns it off.
     */
    @WithDefault("60S")
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

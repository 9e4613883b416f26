package dev.vibe.riffs.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The warm-up before readiness ({@code VIBE_WARM_UP_*}): a started pod runs the hot paths of its requests in process
 * (a riff read, a runtime look-up, their JSON) for a while before it reports ready, so that the JIT has compiled them
 * when the Service sends it traffic. Without it a new pod serves at a fraction of its speed for its first half-minute.
 */
@ConfigMapping(prefix = "vibe.warm-up")
public interface WarmUpConfig {

    /** How long the warm-up runs after start-up ({@code VIBE_WARM_UP_DURATION}); {@code 0} turns it off. */
    @WithDefault("10S")
    Duration duration();

    /**
     * Threads that run it at once. Most of a round is the wait for the shared look-up, so it takes many threads to keep
     * the cores busy: 4 gave 1,400 rounds in 10 s and left the pod as slow after ready as with no warm-up, 32 gave 9,700.
     */
    @WithDefault("32")
    int threads();

    /**
     * Riffs with a runtime it reads and looks up, the newest; one at a time, so that its threads share one runtime-api
     * call in flight (shared look-ups) and the runtime-api sees about one look-up per call latency from a starting pod.
     */
    @WithDefault("16")
    int riffs();
}

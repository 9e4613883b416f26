package dev.vibe.riffs.service.policy;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Counters of the lifecycle policy, registered at start so that they are served (at 0) before anything happens. */
@Startup
@ApplicationScoped
public class LifecycleCounters {

    private final Counter idlePauses;
    private final Counter capPauses;
    private final Counter queued;
    private final Counter capRefusals;

    LifecycleCounters(MeterRegistry registry) {
        this.idlePauses = Counter.builder("runtime_idle_pauses")
                .description("Runtimes the service paused because nothing concerned their riff for idle-pause-after")
                .register(registry);
        this.capPauses = Counter.builder("runtime_cap_pauses")
                .description("Idle runtimes paused to make room under the per-user cap for a reset or resume")
                .register(registry);
        this.queued = Counter.builder("runtime_riffs_queued")
                .description("Riffs queued without a runtime because their user's cap was reached")
                .register(registry);
        this.capRefusals = Counter.builder("runtime_cap_refusals")
                .description("Resets and resumes refused (429) because the cap was reached and no runtime was idle enough to pause")
                .register(registry);
    }

    public void idlePaused() {
        idlePauses.increment();
    }

    public void capPaused() {
        capPauses.increment();
    }

    public void queued() {
        queued.increment();
    }

    public void capRefused() {
        capRefusals.increment();
    }
}

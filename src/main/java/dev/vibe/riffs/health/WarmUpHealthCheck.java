package dev.vibe.riffs.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.vibe.riffs.warmup.HotPathWarmUp;
import dev.vibe.riffs.warmup.WarmUpProgress;

/**
 * Not ready while the warm-up runs ({@link HotPathWarmUp}): the Service sends a new pod its share of the traffic only
 * once its hot paths are compiled. Up for good once it has ended, whatever it managed; its data say what ended it.
 */
@Readiness
@ApplicationScoped
public class WarmUpHealthCheck implements HealthCheck {

    static final String NAME = "warm-up";

    private final HotPathWarmUp warmUp;

    public WarmUpHealthCheck(HotPathWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        WarmUpProgress progress = warmUp.progress();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(progress.done())
                .withData("elapsed_ms", progress.elapsedMillis())
                .withData("requests", progress.rounds())
                .withData("runtime_look_ups", progress.lookUps());
        if (progress.endedBy() != null) {
            response.withData("ended_by", progress.endedBy());
        }
        if (progress.stoppedLookUps() != null) {
            response.withData("look_ups_stopped", progress.stoppedLookUps());
        }
        return response.build();
    }
}

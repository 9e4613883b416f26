package dev.vibe.riffs.service.policy;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;

/**
 * The lifecycle policy of the tests: the configured one, unless a test sets other values (a cap of 2, an idle pause
 * after 1 s) for its own run; {@link #restoreConfigured} goes back. A CDI alternative, so that neither a test profile
 * (a restart of the application) nor a setter in production code is needed; a singleton, since a client proxy would
 * need a constructor without parameters that the policy does not have.
 */
@Alternative
@Priority(1)
@Singleton
public class TunableLifecyclePolicy extends LifecyclePolicy {

    private volatile Duration idlePauseAfter;
    private volatile Integer maxRunningPerUser;
    private volatile Duration capEvictMinIdle;

    @Inject
    TunableLifecyclePolicy(RuntimeApiConfig config) {
        super(config);
    }

    @Override
    public Duration idlePauseAfter() {
        Duration set = idlePauseAfter;
        return set != null ? set : super.idlePauseAfter();
    }

    @Override
    public int maxRunningPerUser() {
        Integer set = maxRunningPerUser;
        return set != null ? set : super.maxRunningPerUser();
    }

    @Override
    public Duration capEvictMinIdle() {
        Duration set = capEvictMinIdle;
        return set != null ? set : super.capEvictMinIdle();
    }

    public void setIdlePauseAfter(Duration idlePauseAfter) {
        this.idlePauseAfter = idlePauseAfter;
    }

    public void setMaxRunningPerUser(int maxRunningPerUser) {
        this.maxRunningPerUser = maxRunningPerUser;
    }

    public void setCapEvictMinIdle(Duration capEvictMinIdle) {
        this.capEvictMinIdle = capEvictMinIdle;
    }

    /** Back to the configured values. */
    public void restoreConfigured() {
        idlePauseAfter = null;
        maxRunningPerUser = null;
        capEvictMinIdle = null;
    }
}
